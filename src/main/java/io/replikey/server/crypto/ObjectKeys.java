package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.Set;
import java.util.function.IntPredicate;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Generates and imports security object material the way DSM does, and turns stored material back
 * into keys for the crypto operations.
 *
 * <p>Sizes (bits). Generation: AES 128/192/256; RSA 2048/3072/4096 with public exponent 65537;
 * EC NistP256/NistP384/NistP521; HMAC 112–8192 and SECRET 8–8192, whole bytes. Import: AES
 * 128/192/256; HMAC 112–8192; SECRET and OPAQUE 1 byte to 64 KiB; RSA moduli 1024–8192 (the range
 * DSM's cryptographic policy allows, so keys replicated from DSM fit); EC on the three NIST curves.
 * HMAC's range is DSM's policy range.
 *
 * <p>Import formats of {@code value}: raw bytes for AES, HMAC, SECRET, OPAQUE; for RSA and EC a
 * private key (PKCS#8; PKCS#1 for RSA; SEC1 for EC) or a public key alone (SubjectPublicKeyInfo;
 * PKCS#1 RSAPublicKey for RSA), all DER; for CERTIFICATE an X.509 certificate in DER. Imported
 * private keys are checked by signing and verifying once. Bad input gets a {@link BadRequestException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ObjectKeys {
    static final int MAX_RAW_BYTES = 64 * 1024;
    private static final Set<Integer> AES_BITS = Set.of(128, 192, 256);
    private static final Set<Integer> RSA_GENERATE_BITS = Set.of(2048, 3072, 4096);
    private static final int MIN_HMAC_BITS = 112;
    private static final int MAX_GENERATED_BITS = 8192;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectKeys() {
    }

    /**
     * Generates fresh material.
     *
     * @param keySize bits; required except for EC (where it may repeat the curve's size)
     * @param curve   required for EC, refused otherwise
     */
    public static ObjectMaterial generate(ObjectType type, Integer keySize, EllipticCurve curve) {
        if (curve != null && type != ObjectType.EC) {
            throw new BadRequestException("elliptic_curve applies only to EC keys");
        }
        return switch (type) {
            case AES -> symmetric(type, randomBytes(requireSize(keySize, AES_BITS::contains, "128, 192 or 256")));
            case HMAC -> symmetric(type, randomBytes(requireSize(keySize, bits -> wholeBytes(bits, MIN_HMAC_BITS),
                    "112 to 8192, whole bytes")));
            case SECRET -> symmetric(type, randomBytes(requireSize(keySize, bits -> wholeBytes(bits, 8),
                    "8 to 8192, whole bytes")));
            case RSA -> pair(type, requireSize(keySize, RSA_GENERATE_BITS::contains, "2048, 3072 or 4096"), null);
            case EC -> pair(type, ecSize(keySize, curve), curve);
            case OPAQUE, CERTIFICATE -> throw new BadRequestException(type + " objects can only be imported");
        };
    }

    /** Validates imported material and derives its fields; the caller still owns (and zeroes) {@code value}. */
    public static ObjectMaterial importValue(ObjectType type, byte[] value) {
        if (value == null || value.length == 0) {
            throw new BadRequestException("value is required to import a key");
        }
        byte[] copy = value.clone();
        try {
            return imported(type, copy);
        } catch (RuntimeException e) {
            Arrays.fill(copy, (byte) 0);
            throw e;
        }
    }

    private static ObjectMaterial imported(ObjectType type, byte[] value) {
        int bits = value.length * 8;
        return switch (type) {
            case AES -> symmetric(type, requireImportSize(value, AES_BITS.contains(bits), "16, 24 or 32 bytes"));
            case HMAC -> symmetric(type, requireImportSize(value, bits >= MIN_HMAC_BITS && bits <= MAX_GENERATED_BITS,
                    "14 to 1024 bytes"));
            case SECRET, OPAQUE -> symmetric(type, requireImportSize(value, value.length <= MAX_RAW_BYTES,
                    "1 to 65536 bytes"));
            case RSA, EC -> {
                AsymmetricKeys.Decoded key = AsymmetricKeys.decodeAndCheck(type, value);
                yield new ObjectMaterial(type, key.bits(), key.curve(), value, key.spki(), key.privateKey() != null, null);
            }
            case CERTIFICATE -> new ObjectMaterial(type, null, null, value, certificatePublicKey(value), false, null);
        };
    }

    private static byte[] certificatePublicKey(byte[] der) {
        try {
            Certificate certificate = Certificate.getInstance(AsymmetricKeys.strictSequence(der, "CERTIFICATE"));
            return AsymmetricKeys.der(certificate.getSubjectPublicKeyInfo());
        } catch (BadRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadRequestException("value is not a DER-encoded X.509 certificate");
        }
    }

    /**
     * The private key in stored RSA or EC material (as made by {@link #generate} or {@link #importValue}).
     *
     * @throws BadRequestException when the object is a public key alone
     */
    public static PrivateKey privateKey(ObjectType type, byte[] value) {
        PrivateKey key = AsymmetricKeys.decode(type, value).privateKey();
        if (key == null) {
            throw new BadRequestException("the key holds no private key");
        }
        return key;
    }

    /** The public key in stored RSA or EC material, or from its {@code pub_key} SubjectPublicKeyInfo. */
    public static PublicKey publicKey(ObjectType type, byte[] valueOrSpki) {
        return AsymmetricKeys.decode(type, valueOrSpki).publicKey();
    }

    /** DSM {@code kcv} of an AES key: the first 3 bytes of AES-ECB(key, 16 zero bytes), lower-case hex. */
    public static String kcv(byte[] aesKey) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            byte[] block = cipher.doFinal(new byte[16]);
            return HexFormat.of().formatHex(block, 0, 3);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-ECB unavailable for the KCV", e);
        }
    }

    private static ObjectMaterial symmetric(ObjectType type, byte[] value) {
        return new ObjectMaterial(type, value.length * 8, null, value, null, true,
                type == ObjectType.AES ? kcv(value) : null);
    }

    private static ObjectMaterial pair(ObjectType type, int bits, EllipticCurve curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type == ObjectType.RSA ? "RSA" : "EC");
            if (curve == null) {
                generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
            } else {
                generator.initialize(new ECGenParameterSpec(curve.jcaName()), RANDOM);
            }
            KeyPair pair = generator.generateKeyPair();
            return new ObjectMaterial(type, bits, curve, pair.getPrivate().getEncoded(),
                    AsymmetricKeys.spki(pair.getPublic()), true, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + type + " key", e);
        }
    }

    private static int ecSize(Integer keySize, EllipticCurve curve) {
        if (curve == null) {
            throw new BadRequestException("elliptic_curve is required for EC keys");
        }
        if (keySize != null && keySize != curve.bits()) {
            throw new BadRequestException("key_size " + keySize + " does not match " + curve.wireName());
        }
        return curve.bits();
    }

    private static boolean wholeBytes(int bits, int min) {
        return bits >= min && bits <= MAX_GENERATED_BITS && bits % 8 == 0;
    }

    private static int requireSize(Integer keySize, IntPredicate valid, String allowed) {
        if (keySize == null) {
            throw new BadRequestException("key_size is required");
        }
        if (!valid.test(keySize)) {
            throw new BadRequestException("key_size must be " + allowed);
        }
        return keySize;
    }

    private static byte[] requireImportSize(byte[] value, boolean valid, String allowed) {
        if (!valid) {
            throw new BadRequestException("value must be " + allowed);
        }
        return value;
    }

    private static byte[] randomBytes(int bits) {
        byte[] bytes = new byte[bits / 8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
