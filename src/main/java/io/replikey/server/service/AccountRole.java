package io.replikey.server.service;

import java.util.EnumSet;
import java.util.Set;

/** A user's role in an account and the permissions it grants. */
public enum AccountRole {
    ACCOUNTADMINISTRATOR(EnumSet.allOf(Permission.class)),
    ACCOUNTMEMBER(EnumSet.noneOf(Permission.class));

    private final Set<Permission> permissions;

    AccountRole(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    /** Permissions checked by replikey's services. */
    public enum Permission {
        MANAGE_ACCOUNT,
        MANAGE_REPLICATION
    }
}
