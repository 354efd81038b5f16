package io.replikey.server.service;

import io.replikey.server.access.AppPermission;
import io.replikey.server.access.AppRole;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a create or PATCH of an app gives (DSM {@code AppRequest}); null means "not given": on
 * create the default, on PATCH the current value. In {@code addGroups} and {@code modGroups} a
 * null permission set means "not given", which grants every permission replikey implements
 * ({@link AppPermission}). {@code modGroups} and {@code delGroups} only make sense on PATCH.
 * {@code secretSize} is the size in bytes of a secret generated without a size of its own.
 */
public record AppSettings(String name, String description, String appType, String appInterface, AppRole role,
        Boolean enabled, AppCredentialSpec credential, Map<UUID, Set<AppPermission>> addGroups,
        Map<UUID, Set<AppPermission>> modGroups, Set<UUID> delGroups, UUID defaultGroup, Long secretSize) {
}
