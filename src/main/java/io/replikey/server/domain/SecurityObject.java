package io.replikey.server.domain;

import io.replikey.server.crypto.EllipticCurve;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.ObjectType;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A security object as the services hand it out: its description and public parts, never its
 * secret material (export hands that out separately). {@code keySize}, {@code curve},
 * {@code customMetadata}, {@code description}, {@code lastusedAt}, {@code pubKey} and {@code kcv}
 * may be null. Immutable but for the {@code pubKey} array, which callers must not change.
 */
public record SecurityObject(UUID kid, UUID acctId, UUID groupId, String name, ObjectType type, Integer keySize,
        EllipticCurve curve, Set<KeyOperation> keyOps, boolean enabled, State state, Origin origin,
        boolean publicOnly, Map<String, String> customMetadata, String description, Creator creator,
        Instant createdAt, Instant lastusedAt, byte[] pubKey, String kcv) {

    /** DSM {@code SobjectState}: replikey's objects are Active (no lifecycle dates yet). */
    public enum State {
        PRE_ACTIVE("PreActive"), ACTIVE("Active"), DEACTIVATED("Deactivated"), COMPROMISED("Compromised"),
        DESTROYED("Destroyed"), DELETED("Deleted");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static State fromWireName(String name) {
            for (State state : values()) {
                if (state.wireName.equals(name)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("unknown object state");
        }
    }

    /** DSM {@code ObjectOrigin}: generated inside replikey, or imported. */
    public enum Origin {
        FORTANIX_HSM("FortanixHSM"), EXTERNAL("External"), TRANSIENT("Transient");

        private final String wireName;

        Origin(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Origin fromWireName(String name) {
            for (Origin origin : values()) {
                if (origin.wireName.equals(name)) {
                    return origin;
                }
            }
            throw new IllegalArgumentException("unknown object origin");
        }
    }
}
