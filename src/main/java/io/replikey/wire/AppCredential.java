package io.replikey.wire;

/**
 * DSM {@code AppCredential} as responses carry it: exactly one of {@code {"secret":…}} (the API
 * key), {@code {"certificate":…}} (base64 DER) or {@code {"trustedca":…}}.
 */
public record AppCredential(String secret, byte[] certificate, TrustedCaCredential trustedca) {

    public AppCredential {
        int given = (secret != null ? 1 : 0) + (certificate != null ? 1 : 0) + (trustedca != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("an app credential is exactly one of secret, certificate, trustedca");
        }
    }

    public static AppCredential ofSecret(String secret) {
        return new AppCredential(secret, null, null);
    }

    public static AppCredential ofCertificate(byte[] der) {
        return new AppCredential(null, der, null);
    }

    public static AppCredential ofTrustedCa(TrustedCaCredential trustedCa) {
        return new AppCredential(null, null, trustedCa);
    }
}
