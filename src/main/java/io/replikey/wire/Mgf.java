package io.replikey.wire;

/** DSM {@code Mgf}, the mask generation function of RSA OAEP and PSS: {@code {"mgf1":{"hash":"SHA256"}}}. */
public record Mgf(Mgf1 mgf1) {

    public static Mgf mgf1(DigestAlgorithm hash) {
        return new Mgf(new Mgf1(hash));
    }

    /** DSM {@code MgfMgf1}. */
    public record Mgf1(DigestAlgorithm hash) {
    }
}
