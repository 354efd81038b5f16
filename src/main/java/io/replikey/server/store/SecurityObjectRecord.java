package io.replikey.server.store;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A row of {@code security_objects}. Enum-valued fields hold the DSM contract's words
 * ({@code obj_type}, {@code elliptic_curve}, {@code key_ops}, {@code state}, {@code origin}).
 * The material is present only sealed under the master key (with its key version); both are
 * null for a replicated object whose source refused to export it. {@code kid} is chosen by the
 * caller, so replicated objects keep their source's ids. Times are epoch seconds.
 */
public record SecurityObjectRecord(UUID kid, UUID acctId, UUID groupId, String name, String objType,
        Integer keySize, String ellipticCurve, List<String> keyOps, boolean enabled, String state, String origin,
        boolean publicOnly, Map<String, String> customMetadata, String description, Creator creator,
        long createdAt, Long lastusedAt, byte[] pubKey, String kcv, byte[] sealedMaterial,
        Integer masterKeyVersion) {

    /** True when the store holds the object's material (sealed). */
    public boolean hasMaterial() {
        return sealedMaterial != null;
    }
}
