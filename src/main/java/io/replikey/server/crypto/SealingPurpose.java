package io.replikey.server.crypto;

/**
 * What a sealed value is, bound into its associated data: a value sealed for one purpose never
 * opens as another, even under the same master key and ids.
 */
public enum SealingPurpose {
    /** A replication credential's PKCS#8 private key; ids: account, credential. */
    REPLICATION_CREDENTIAL_KEY("replication-credential"),
    /** A security object's material (secret bytes or private key); ids: account, object. */
    SECURITY_OBJECT("security-object"),
    /** An app's API-key secret; ids: account, app. */
    APP_SECRET("app-secret"),
    /** The server's own generated TLS private key; belongs to no account ({@link SealingContext#serverTlsKey()}). */
    SERVER_TLS_KEY("server-tls-key");

    private final String label;

    SealingPurpose(String label) {
        this.label = label;
    }

    /** The stable name written into the associated data; never change one, or sealed values stop opening. */
    String label() {
        return label;
    }
}
