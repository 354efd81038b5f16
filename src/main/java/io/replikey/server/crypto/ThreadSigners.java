package io.replikey.server.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jcajce.io.OutputStreamFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Certificate signers over one JCA {@link Signature} per thread and key type, initialised afresh
 * with each key. Why: BouncyCastle's {@code JcaContentSignerBuilder} looks the algorithm up in the
 * JCA providers and in its name tables for every certificate, about a tenth of what building a
 * credential certificate cost (docs/benchmarks.md). The algorithm identifiers are the ones that
 * builder uses. Thread-safe: each thread has its own {@code Signature} objects; a signer belongs to
 * the thread that made it and serves one certificate.
 */
final class ThreadSigners {
    private static final ThreadLocal<EnumMap<CredentialKeyType, Signature>> SIGNATURES =
            ThreadLocal.withInitial(() -> new EnumMap<>(CredentialKeyType.class));
    private static final Map<CredentialKeyType, AlgorithmIdentifier> ALGORITHMS = algorithms();

    private ThreadSigners() {
    }

    /** A signer for one certificate, with {@code key}, on this thread. */
    static ContentSigner forKey(CredentialKeyType type, PrivateKey key) {
        Map<CredentialKeyType, Signature> signatures = SIGNATURES.get();
        try {
            Signature signature = signatures.get(type);
            if (signature == null) {
                signature = Signature.getInstance(type.signatureAlgorithm());
                signatures.put(type, signature);
            }
            signature.initSign(key); // resets whatever an earlier, failed use left behind
            return new Signer(ALGORITHMS.get(type), signature, OutputStreamFactory.createStream(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + type.configName() + " key", e);
        }
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
