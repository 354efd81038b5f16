package io.replikey.server.store;

import java.util.List;
import java.util.UUID;

/**
 * An app's membership of a group: DSM's {@code AppPermissions} in it, and whether the group is
 * the app's {@code default_group} (at most one per app).
 */
public record AppGroupRecord(UUID appId, UUID groupId, List<String> permissions, boolean isDefault) {
}
