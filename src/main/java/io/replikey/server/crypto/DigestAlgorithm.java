package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/**
 * The hash algorithms replikey supports for signatures, OAEP and MGF1, with their DSM
 * {@code DigestAlgorithm} wire names (the enum constant names). DSM knows more (SHA3, BLAKE2…);
 * those are refused as unsupported.
 */
public enum DigestAlgorithm {
    SHA1("SHA-1", "SHA1", OIWObjectIdentifiers.idSHA1, 20),
    SHA256("SHA-256", "SHA256", NISTObjectIdentifiers.id_sha256, 32),
    SHA384("SHA-384", "SHA384", NISTObjectIdentifiers.id_sha384, 48),
    SHA512("SHA-512", "SHA512", NISTObjectIdentifiers.id_sha512, 64);

    private final String jcaName;
    private final String signaturePrefix;
    private final ASN1ObjectIdentifier oid;
    private final int length;

    DigestAlgorithm(String jcaName, String signaturePrefix, ASN1ObjectIdentifier oid, int length) {
        this.jcaName = jcaName;
        this.signaturePrefix = signaturePrefix;
        this.oid = oid;
        this.length = length;
    }

    /** The DSM wire name, e.g. {@code "SHA256"}. */
    public String wireName() {
        return name();
    }

    /** The JCA message digest name, e.g. {@code "SHA-256"}. */
    public String jcaName() {
        return jcaName;
    }

    /** The prefix of JCA signature names, e.g. {@code "SHA256"} in {@code SHA256withRSA}. */
    String signaturePrefix() {
        return signaturePrefix;
    }

    /** The algorithm OID, as in a PKCS#1 DigestInfo. */
    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The digest length in bytes. */
    public int length() {
        return length;
    }

    /**
     * Parses a DSM wire name (exact spelling).
     *
     * @throws BadRequestException naming the supported algorithms otherwise
     */
    public static DigestAlgorithm parse(String name) {
        return WireNames.parse(DigestAlgorithm.class, name,
                "hash algorithm must be one of SHA1, SHA256, SHA384, SHA512");
    }
}
