package io.replikey.server.service;

import io.replikey.server.crypto.EllipticCurve;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.ObjectType;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A security object to generate ({@code value} null) or import ({@code value} the material).
 * Null fields take DSM's defaults: {@code keyOps} by type, {@code enabled} true; a user must name
 * the {@code groupId}, an app defaults to its default group. {@code pubExponent} and {@code kcv}
 * are checks only (65537; the imported AES key's check value). {@link #toString()} does not print
 * {@code value}.
 */
public record NewSecurityObject(String name, String description, ObjectType type, Integer keySize,
        EllipticCurve curve, Long pubExponent, Set<KeyOperation> keyOps, Boolean enabled,
        Map<String, String> customMetadata, UUID groupId, byte[] value, String kcv) {
    @Override
    public String toString() {
        return "NewSecurityObject[name=" + name + ", type=" + type + ", value=" + (value == null ? "absent" : "present")
                + "]";
    }
}
