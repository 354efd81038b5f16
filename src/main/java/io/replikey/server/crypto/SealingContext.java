package io.replikey.server.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The associated data a sealed value is bound to: its purpose, its owning account and its own id.
 * A value opens only under exactly the context it was sealed with, so a sealed column copied to
 * another row, account or purpose fails to open.
 *
 * @param purpose what the value is
 * @param acctId  the owning account (the nil UUID for the server's own key)
 * @param objectId the id of the record holding the value (credential, security object, app)
 */
public record SealingContext(SealingPurpose purpose, UUID acctId, UUID objectId) {
    private static final UUID NONE = new UUID(0, 0);

    public SealingContext {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(acctId, "acctId");
        Objects.requireNonNull(objectId, "objectId");
    }

    public static SealingContext credentialKey(UUID acctId, UUID credentialId) {
        return new SealingContext(SealingPurpose.REPLICATION_CREDENTIAL_KEY, acctId, credentialId);
    }

    public static SealingContext securityObject(UUID acctId, UUID objectId) {
        return new SealingContext(SealingPurpose.SECURITY_OBJECT, acctId, objectId);
    }

    public static SealingContext appSecret(UUID acctId, UUID appId) {
        return new SealingContext(SealingPurpose.APP_SECRET, acctId, appId);
    }

    /** The server's generated TLS key, which belongs to no account. */
    public static SealingContext serverTlsKey() {
        return new SealingContext(SealingPurpose.SERVER_TLS_KEY, NONE, NONE);
    }

    /**
     * The associated data of the current format. Every part has a fixed shape (labels hold no
     * colon, UUIDs print as 36 characters), so two different contexts never encode alike.
     */
    byte[] encoded() {
        return ("replikey:" + purpose.label() + ":" + acctId + ":" + objectId).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The associated data the first release (format 1) used, or null where that release sealed
     * nothing of this purpose. Kept so a database and data directory from it keep opening.
     */
    byte[] legacyEncoded() {
        String legacy = switch (purpose) {
            case REPLICATION_CREDENTIAL_KEY -> "replikey:replication-credential:" + acctId + ":" + objectId;
            case SERVER_TLS_KEY -> "replikey:server-tls-key";
            case SECURITY_OBJECT, APP_SECRET -> null;
        };
        return legacy == null ? null : legacy.getBytes(StandardCharsets.UTF_8);
    }
}
