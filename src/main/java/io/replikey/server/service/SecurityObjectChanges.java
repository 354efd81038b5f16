package io.replikey.server.service;

import io.replikey.server.crypto.KeyOperation;
import java.util.Map;
import java.util.Set;

/**
 * What a PATCH of a security object changes; null keeps the value, {@code customMetadata}
 * replaces the map. Immutable.
 */
public record SecurityObjectChanges(String name, String description, Set<KeyOperation> keyOps, Boolean enabled,
        Map<String, String> customMetadata) {
}
