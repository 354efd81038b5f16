package io.replikey.server.service;

import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.Membership;
import io.replikey.server.store.Tx;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place that decides whether a caller may act on an account: a non-member gets exactly
 * the answer a missing account gets (404), a member without the permission gets 403.
 */
final class AccountAccess {
    private AccountAccess() {
    }

    static AccountRecord require(Tx tx, Caller caller, UUID acctId, AccountRole.Permission permission) {
        return check(tx.accounts().membership(acctId, caller.userId()), permission);
    }

    /** As {@link #require}, locking the account row first for a rule that will change it. */
    static AccountRecord requireForUpdate(Tx tx, Caller caller, UUID acctId, AccountRole.Permission permission) {
        return check(tx.accounts().membershipForUpdate(acctId, caller.userId()), permission);
    }

    private static AccountRecord check(Optional<Membership> found, AccountRole.Permission permission) {
        Membership membership = found.orElseThrow(() -> new NotFoundException("account not found"));
        String role = membership.role();
        boolean granted = permission == null
                || (isKnownRole(role) && AccountRole.valueOf(role).grants(permission));
        if (!granted) {
            throw new ForbiddenException("missing permission " + permission + " in this account");
        }
        return membership.account();
    }

    private static boolean isKnownRole(String role) {
        for (AccountRole known : AccountRole.values()) {
            if (known.name().equals(role)) {
                return true;
            }
        }
        return false;
    }
}
