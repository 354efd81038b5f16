package io.replikey.server.crypto;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The key types a replication credential can have, with the JCA names needed to generate,
 * decode and sign with them. The signature algorithm is the one design.md §2 fixes for the
 * self-signed credential certificate.
 */
public enum CredentialKeyType {
    EC_P256("ec-p256", "EC", "secp256r1", 0, "SHA256withECDSA"),
    EC_P384("ec-p384", "EC", "secp384r1", 0, "SHA384withECDSA"),
    RSA_2048("rsa-2048", "RSA", null, 2048, "SHA256withRSA"),
    RSA_3072("rsa-3072", "RSA", null, 3072, "SHA256withRSA"),
    RSA_4096("rsa-4096", "RSA", null, 4096, "SHA256withRSA"),
    ED25519("ed25519", "Ed25519", null, 0, "Ed25519");

    private final String configName;
    private final String keyAlgorithm;
    private final String curve;
    private final int rsaBits;
    private final String signatureAlgorithm;

    CredentialKeyType(String configName, String keyAlgorithm, String curve, int rsaBits, String signatureAlgorithm) {
        this.configName = configName;
        this.keyAlgorithm = keyAlgorithm;
        this.curve = curve;
        this.rsaBits = rsaBits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The name used in configuration, the API and the database, e.g. {@code ec-p256}. */
    public String configName() {
        return configName;
    }

    /** The JCA key algorithm ({@code EC}, {@code RSA}, {@code Ed25519}). */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The named curve for EC keys, or null. */
    public String curve() {
        return curve;
    }

    /** The modulus size for RSA keys, or 0. */
    public int rsaBits() {
        return rsaBits;
    }

    /** The JCA signature algorithm used to sign with a key of this type. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static CredentialKeyType parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (CredentialKeyType type : values()) {
            if (type.configName.equals(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + name + "'; expected one of " + names());
    }

    /** All configuration names, comma separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(CredentialKeyType::configName).collect(Collectors.joining(", "));
    }
}
