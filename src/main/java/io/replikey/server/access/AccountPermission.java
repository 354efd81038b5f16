package io.replikey.server.access;

/**
 * Account-level permissions, named as DSM's {@code AccountPermissions}: the subset replikey's
 * accounts, replication, apps and groups check.
 */
public enum AccountPermission {
    /** Change the account's name, description and enabled state. */
    MANAGE_ACCOUNT_PROFILE,
    DELETE_ACCOUNT,
    /** Change the account's purpose and use its replication credentials. */
    MANAGE_REPLICATION,
    GET_ADMIN_APPS,
    CREATE_ADMIN_APPS,
    UPDATE_ADMIN_APPS,
    DELETE_ADMIN_APPS,
    RETRIEVE_ADMIN_APP_SECRETS,
    CREATE_LOCAL_GROUPS,
    GET_ALL_USERS
}
