package io.replikey.server.access;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * An app's role in its account (DSM {@code AppRole}): an admin app manages the account's apps and
 * groups; a crypto app only uses keys, within its groups' permissions.
 */
public enum AppRole {
    ADMIN("admin", Set.of(AccountPermission.GET_ADMIN_APPS, AccountPermission.CREATE_ADMIN_APPS,
            AccountPermission.UPDATE_ADMIN_APPS, AccountPermission.DELETE_ADMIN_APPS,
            AccountPermission.RETRIEVE_ADMIN_APP_SECRETS, AccountPermission.CREATE_LOCAL_GROUPS)),
    CRYPTO("crypto", Set.of());

    private final String wireName;
    private final Set<AccountPermission> permissions;

    AppRole(String wireName, Set<AccountPermission> permissions) {
        this.wireName = wireName;
        this.permissions = permissions;
    }

    /** The name DSM uses on the wire and replikey in the database. */
    public String wireName() {
        return wireName;
    }

    public boolean grants(AccountPermission permission) {
        return permissions.contains(permission);
    }

    public static Optional<AppRole> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }
}
