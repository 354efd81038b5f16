package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;

/**
 * The elliptic curves replikey supports for EC security objects, with their DSM
 * {@code EllipticCurve} wire names. DSM knows more curves; those are refused as unsupported.
 */
public enum EllipticCurve {
    NIST_P256("NistP256", "secp256r1", SECObjectIdentifiers.secp256r1, 256),
    NIST_P384("NistP384", "secp384r1", SECObjectIdentifiers.secp384r1, 384),
    NIST_P521("NistP521", "secp521r1", SECObjectIdentifiers.secp521r1, 521);

    private final String wireName;
    private final String jcaName;
    private final ASN1ObjectIdentifier oid;
    private final int bits;

    EllipticCurve(String wireName, String jcaName, ASN1ObjectIdentifier oid, int bits) {
        this.wireName = wireName;
        this.jcaName = jcaName;
        this.oid = oid;
        this.bits = bits;
    }

    /** The DSM wire name, e.g. {@code "NistP256"}. */
    public String wireName() {
        return wireName;
    }

    /** The JCA / SEC 2 name, e.g. {@code "secp256r1"}. */
    public String jcaName() {
        return jcaName;
    }

    /** The named-curve OID used in SPKI, PKCS#8 and SEC1 encodings. */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The field size in bits (256, 384, 521). */
    public int bits() {
        return bits;
    }

    /**
     * Parses a DSM wire name (exact spelling).
     *
     * @throws BadRequestException naming the supported curves otherwise
     */
    public static EllipticCurve parse(String name) {
        for (EllipticCurve curve : values()) {
            if (curve.wireName.equals(name)) {
                return curve;
            }
        }
        throw new BadRequestException("elliptic_curve must be one of NistP256, NistP384, NistP521");
    }

    /** The curve with this OID, or null. */
    static EllipticCurve byOid(ASN1ObjectIdentifier oid) {
        for (EllipticCurve curve : values()) {
            if (curve.oid.equals(oid)) {
                return curve;
            }
        }
        return null;
    }
}
