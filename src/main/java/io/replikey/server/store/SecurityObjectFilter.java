package io.replikey.server.store;

import java.util.UUID;

/**
 * DSM's listing filters for security objects; a null field does not filter.
 * {@code visibleToApp} keeps only objects in the groups that app belongs to.
 */
public record SecurityObjectFilter(UUID groupId, String name, String objType, UUID visibleToApp) {
    public static final SecurityObjectFilter NONE = new SecurityObjectFilter(null, null, null, null);
}
