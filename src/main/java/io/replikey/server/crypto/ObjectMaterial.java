package io.replikey.server.crypto;

import java.util.Arrays;

/**
 * A security object's material with the fields DSM derives from it, as made by
 * {@link ObjectKeys#generate} or {@link ObjectKeys#importValue}.
 *
 * <p>{@link #value()} is the material to seal and, for export, to return: the raw bytes of an
 * AES, HMAC, SECRET or OPAQUE object; the encoding an RSA or EC key was imported in (or PKCS#8 DER
 * for generated keys); the DER of a certificate. It is secret for all types but CERTIFICATE and
 * public-only keys. Call {@link #destroy()} once it is sealed; nothing prints it.
 *
 * <p>Not thread-safe ({@link #destroy()} mutates).
 */
public final class ObjectMaterial {
    private final ObjectType type;
    private final Integer keySize;
    private final EllipticCurve curve;
    private final byte[] value;
    private final byte[] publicKey;
    private final boolean hasPrivate;
    private final String kcv;

    ObjectMaterial(ObjectType type, Integer keySize, EllipticCurve curve, byte[] value, byte[] publicKey,
            boolean hasPrivate, String kcv) {
        this.type = type;
        this.keySize = keySize;
        this.curve = curve;
        this.value = value;
        this.publicKey = publicKey;
        this.hasPrivate = hasPrivate;
        this.kcv = kcv;
    }

    public ObjectType type() {
        return type;
    }

    /** DSM {@code key_size} in bits: the length of AES/HMAC/SECRET/OPAQUE material, the RSA modulus or EC field size; null for CERTIFICATE. */
    public Integer keySize() {
        return keySize;
    }

    /** DSM {@code elliptic_curve} for EC objects, else null. */
    public EllipticCurve curve() {
        return curve;
    }

    /** A copy of the material (see the class comment); the caller zeroes it after use. */
    public byte[] value() {
        return value.clone();
    }

    /** DSM {@code pub_key}: the SubjectPublicKeyInfo DER for RSA, EC and CERTIFICATE objects, else null. */
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    /** True when the object holds secret or private material (false for public keys and certificates). */
    public boolean hasSecret() {
        return hasPrivate;
    }

    /** DSM {@code kcv}: for AES, the first 3 bytes of AES-ECB(key, 16 zero bytes) in lower-case hex; else null. */
    public String kcv() {
        return kcv;
    }

    /** Overwrites the material held here with zeros. */
    public void destroy() {
        Arrays.fill(value, (byte) 0);
    }

    @Override
    public String toString() {
        return "ObjectMaterial[" + type + ", keySize=" + keySize + ", curve=" + curve + ", value=***]";
    }
}
