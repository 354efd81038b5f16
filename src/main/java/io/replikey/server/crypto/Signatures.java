package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Objects;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signatures as DSM's {@code /crypto/v1/sign} and {@code /verify} make them, over {@code data}
 * (hashed here with {@code hash_alg}) or over a given {@code hash} of {@code hash_alg}'s length.
 *
 * <ul>
 *   <li>RSA PKCS#1 v1.5 ({@link Pkcs1V15}, the default when no padding is given): over data,
 *       {@code SHA256withRSA} etc.; over a hash, {@code NONEwithRSA} on the DER DigestInfo built
 *       with BouncyCastle's ASN.1 classes (what {@code openssl pkeyutl -pkeyopt digest:H} makes).
 *   <li>RSA PSS ({@link Pss}): salt length = {@code hash_alg}'s length, MGF1 with the same hash
 *       (as DSM; a PSS mode naming another MGF1 hash is a bad request), trailer 1. Over data the JCA {@code RSASSA-PSS}; over a hash BouncyCastle's
 *       {@code RAWRSASSA-PSS} (a private provider instance, not installed process-wide: the JCA
 *       providers have no PSS mode over a precomputed hash).
 *   <li>ECDSA: DER {@code SEQUENCE {r, s}} as the JCA and DSM produce; over a hash {@code NONEwithECDSA}.
 * </ul>
 * A signature that does not verify, including a malformed one, verifies as false; bad arguments
 * are a {@link BadRequestException}. Stateless and thread-safe.
 */
public final class Signatures {
    /** DSM's {@code RsaSignaturePadding}. */
    public sealed interface RsaPadding permits Pkcs1V15, Pss {
    }

    /** {@code {"PKCS1_V15":{}}}. */
    public record Pkcs1V15() implements RsaPadding {
    }

    /** {@code {"PSS":{"mgf":{"mgf1":{"hash":mgfHash}}}}}. */
    public record Pss(DigestAlgorithm mgfHash) implements RsaPadding {
        public Pss {
            Objects.requireNonNull(mgfHash, "mgfHash");
        }
    }

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Signatures() {
    }

    /**
     * Signs exactly one of {@code data} and {@code hash}.
     *
     * @param padding for RSA keys (null means PKCS#1 v1.5); must be null for EC keys
     */
    public static byte[] sign(PrivateKey key, DigestAlgorithm hashAlg, RsaPadding padding, byte[] data, byte[] hash) {
        try {
            Signature signature = prepare(key, hashAlg, padding, data, hash);
            signature.initSign(key);
            signature.update(input(key, hashAlg, padding, data, hash));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signature algorithm unavailable", e);
        }
    }

    /** Verifies {@code signature} over exactly one of {@code data} and {@code hash}. */
    public static boolean verify(PublicKey key, DigestAlgorithm hashAlg, RsaPadding padding, byte[] data, byte[] hash,
            byte[] signature) {
        try {
            Signature verifier = prepare(key, hashAlg, padding, data, hash);
            verifier.initVerify(key);
            verifier.update(input(key, hashAlg, padding, data, hash));
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signature algorithm unavailable", e);
        }
    }

    private static Signature prepare(Key key, DigestAlgorithm hashAlg, RsaPadding padding, byte[] data, byte[] hash)
            throws GeneralSecurityException {
        if (hashAlg == null) {
            throw new BadRequestException("hash_alg is required");
        }
        if ((data == null) == (hash == null)) {
            throw new BadRequestException("exactly one of hash and data is required");
        }
        if (hash != null && hash.length != hashAlg.length()) {
            throw new BadRequestException("hash must be " + hashAlg.length() + " bytes for " + hashAlg.wireName());
        }
        boolean prehashed = hash != null;
        if (key instanceof ECKey) {
            if (padding != null) {
                throw new BadRequestException("mode applies only to RSA keys");
            }
            return Signature.getInstance(prehashed ? "NONEwithECDSA" : hashAlg.signaturePrefix() + "withECDSA");
        }
        if (!(key instanceof RSAKey)) {
            throw new IllegalArgumentException("not an RSA or EC key: " + key.getAlgorithm());
        }
        if (padding instanceof Pss pss) {
            if (pss.mgfHash() != hashAlg) {
                throw new BadRequestException("PSS mgf1 hash must be hash_alg (" + hashAlg.wireName() + ")");
            }
            // RFC 8017 9.1.1: emLen = ceil((modBits - 1) / 8) must hold hLen + sLen + 2 bytes.
            if ((((RSAKey) key).getModulus().bitLength() - 1 + 7) / 8 < 2 * hashAlg.length() + 2) {
                throw new BadRequestException("the key is too small for PSS with " + hashAlg.wireName());
            }
            Signature signature = prehashed ? Signature.getInstance("RAWRSASSA-PSS", BOUNCY_CASTLE)
                    : Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec(hashAlg.jcaName(), "MGF1",
                    new MGF1ParameterSpec(hashAlg.jcaName()), hashAlg.length(), PSSParameterSpec.TRAILER_FIELD_BC));
            return signature;
        }
        return Signature.getInstance(prehashed ? "NONEwithRSA" : hashAlg.signaturePrefix() + "withRSA");
    }

    /** What the signature engine is fed: the data, the hash, or for PKCS#1 v1.5 over a hash its DigestInfo. */
    private static byte[] input(Key key, DigestAlgorithm hashAlg, RsaPadding padding, byte[] data, byte[] hash) {
        if (data != null) {
            return data;
        }
        if (key instanceof RSAKey && !(padding instanceof Pss)) {
            return AsymmetricKeys.der(new DigestInfo(new AlgorithmIdentifier(hashAlg.oid(), DERNull.INSTANCE), hash));
        }
        return hash;
    }
}
