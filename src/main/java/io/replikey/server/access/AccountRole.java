package io.replikey.server.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * A user's role in an account (DSM's legacy account roles; the enum names are the stored and
 * wire names). An administrator holds every account permission and every group permission in
 * every group; a member holds none of its own, only what its group memberships grant.
 */
public enum AccountRole {
    ACCOUNTADMINISTRATOR(EnumSet.allOf(AccountPermission.class)),
    ACCOUNTMEMBER(EnumSet.noneOf(AccountPermission.class));

    private final Set<AccountPermission> permissions;

    AccountRole(Set<AccountPermission> permissions) {
        this.permissions = permissions;
    }

    public boolean grants(AccountPermission permission) {
        return permissions.contains(permission);
    }

    /** True for the role that holds every group permission in every group of the account. */
    public boolean administersAllGroups() {
        return this == ACCOUNTADMINISTRATOR;
    }
}
