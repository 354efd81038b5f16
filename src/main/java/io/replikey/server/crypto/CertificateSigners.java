package io.replikey.server.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.io.OutputStreamFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Signers for credential certificates: a fresh JCA {@link Signature} per certificate, from the
 * provider that signed the last one of the key type, with the algorithm identifier resolved once.
 * Why: BouncyCastle's {@code JcaContentSignerBuilder} searched the JCA providers and its name
 * tables for every certificate, about a tenth of what building one cost (docs/benchmarks.md). No
 * {@code Signature} outlives its certificate, so no private key is held beyond the request. A key
 * the remembered provider refuses is signed by whichever provider the JCA chooses for it.
 * Thread-safe.
 */
final class CertificateSigners {
    private static final Map<CredentialKeyType, AlgorithmIdentifier> ALGORITHMS = algorithms();
    private static final Map<CredentialKeyType, Provider> PROVIDERS = new ConcurrentHashMap<>();

    private CertificateSigners() {
    }

    /** A signer for one certificate, with {@code key}. */
    static ContentSigner forKey(CredentialKeyType type, PrivateKey key) {
        try {
            Signature signature = initialised(type, key);
            return new Signer(ALGORITHMS.get(type), signature, OutputStreamFactory.createStream(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + type.configName() + " key", e);
        }
    }

    private static Signature initialised(CredentialKeyType type, PrivateKey key) throws GeneralSecurityException {
        Provider provider = PROVIDERS.get(type);
        if (provider != null) {
            Signature signature = Signature.getInstance(type.signatureAlgorithm(), provider);
            try {
                signature.initSign(key);
                return signature;
            } catch (InvalidKeyException e) {
                // A key another provider made: let the JCA choose one for it below.
            }
        }
        Signature signature = Signature.getInstance(type.signatureAlgorithm());
        signature.initSign(key);
        PROVIDERS.putIfAbsent(type, signature.getProvider());
        return signature;
    }

    private static Map<CredentialKeyType, AlgorithmIdentifier> algorithms() {
        DefaultSignatureAlgorithmIdentifierFinder finder = new DefaultSignatureAlgorithmIdentifierFinder();
        Map<CredentialKeyType, AlgorithmIdentifier> algorithms = new EnumMap<>(CredentialKeyType.class);
        for (CredentialKeyType type : CredentialKeyType.values()) {
            algorithms.put(type, finder.find(type.signatureAlgorithm()));
        }
        return algorithms;
    }

    private record Signer(AlgorithmIdentifier algorithm, Signature signature, OutputStream content)
            implements ContentSigner {
        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return content;
        }

        @Override
        public byte[] getSignature() {
            try {
                return signature.sign();
            } catch (SignatureException e) {
                throw new RuntimeOperatorException("cannot create signature: " + e.getMessage(), e);
            }
        }
    }
}
