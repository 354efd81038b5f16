package io.replikey.server.access;

/**
 * What an app may do with the objects of one of its groups, named as DSM's
 * {@code AppPermissions} (the subset replikey serves). Granted per group in the app's
 * {@code add_groups}/{@code mod_groups}.
 */
public enum AppPermission {
    SIGN,
    VERIFY,
    ENCRYPT,
    DECRYPT,
    EXPORT,
    MANAGE,
    CREATE_SOBJECTS,
    UPDATE_SOBJECTS_PROFILE,
    UPDATE_SOBJECTS_ENABLED_STATE,
    UPDATE_KEY_OPS,
    DELETE_SOBJECTS
}
