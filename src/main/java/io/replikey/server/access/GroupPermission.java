package io.replikey.server.access;

/**
 * Group-level permissions, named as DSM's {@code GroupPermissions}: the subset replikey's apps,
 * groups and security objects check. A principal holds them per group.
 */
public enum GroupPermission {
    GET_GROUP,
    UPDATE_GROUP_PROFILE,
    DELETE_GROUP,
    GET_APPS,
    CREATE_APPS,
    UPDATE_APPS,
    DELETE_APPS,
    RETRIEVE_APP_SECRETS,
    GET_SOBJECTS,
    CREATE_SOBJECTS,
    EXPORT_SOBJECTS,
    UPDATE_SOBJECTS_PROFILE,
    UPDATE_SOBJECTS_ENABLED_STATE,
    UPDATE_KEY_OPS,
    DELETE_SOBJECTS
}
