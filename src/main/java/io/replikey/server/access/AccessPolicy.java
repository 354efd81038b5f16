package io.replikey.server.access;

import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.ServerPrincipal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.AppGroupRecord;
import io.replikey.server.store.AppRecord;
import io.replikey.server.store.Tx;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The one access-control policy: which accounts a principal belongs to and what it may do there.
 * Services ask it inside their transaction; handlers never decide. An account the principal does
 * not belong to answers exactly as a missing one (404); a missing permission answers 403.
 *
 * <ul>
 *   <li>A user belongs to the accounts it is a member of, with its {@link AccountRole}'s
 *       permissions.</li>
 *   <li>An app belongs to its own account only, with its {@link AppRole}'s permissions while it
 *       exists and is enabled (read from the apps table on every check), none otherwise.</li>
 *   <li>The server itself belongs to every account, with {@link #SERVER_PERMISSIONS} only.</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class AccessPolicy {
    /** What the replication engine needs in an account; widen only deliberately. */
    static final Set<AccountPermission> SERVER_PERMISSIONS = EnumSet.of(AccountPermission.MANAGE_REPLICATION);

    private AccessPolicy() {
    }

    /** The account when {@code principal} belongs to it, whatever its permissions; 404 otherwise. */
    public static AccountRecord requireMembership(Tx tx, Principal principal, UUID acctId) {
        return grant(tx, principal, acctId, false).account();
    }

    /** The account when {@code principal} belongs to it and holds {@code permission} there. */
    public static AccountRecord require(Tx tx, Principal principal, UUID acctId, AccountPermission permission) {
        return grant(tx, principal, acctId, false).require(permission);
    }

    /**
     * As {@link #require}, and locks the account row until the transaction ends. Every rule that
     * changes an account or what belongs to it (its credentials) starts here, so it decides on
     * the row as it is, not as it was before a concurrent change on another node.
     */
    public static AccountRecord requireForUpdate(Tx tx, Principal principal, UUID acctId,
            AccountPermission permission) {
        return grant(tx, principal, acctId, true).require(permission);
    }

    /**
     * Requires {@code permission} in group {@code groupId} of the account. Account administrators
     * hold every group permission; an app holds what its membership of the group grants; users'
     * group memberships do not exist yet and grant nothing (fail closed).
     */
    public static AccountRecord requireInGroup(Tx tx, Principal principal, UUID acctId, UUID groupId,
            GroupPermission permission) {
        return requireGroupGrant(tx, principal, acctId, groupId, permission);
    }

    /**
     * Requires that {@code principal} may use the objects of group {@code groupId} for
     * {@code operation} (encrypt, sign, …). Account administrators may; an app may when its
     * membership of the group grants {@code operation}.
     */
    public static AccountRecord requireUseInGroup(Tx tx, Principal principal, UUID acctId, UUID groupId,
            AppPermission operation) {
        return requireGroupGrant(tx, principal, acctId, groupId, operation);
    }

    /**
     * Principals that administer every group hold every permission in each; an enabled app holds
     * what its membership of the group grants ({@link #APP_GRANTS}); users' group memberships do
     * not exist yet, so a member user holds none.
     */
    private static AccountRecord requireGroupGrant(Tx tx, Principal principal, UUID acctId, UUID groupId,
            Enum<?> permission) {
        Grant grant = grant(tx, principal, acctId, false);
        if (!grant.administersAllGroups()
                && !(principal instanceof AppPrincipal app && appHolds(tx, app, groupId, permission))) {
            throw new ForbiddenException("missing permission " + permission + " in this group");
        }
        return grant.account();
    }

    /**
     * Which of an app's group permissions (DSM {@code AppPermissions}, as stored with its
     * membership) grants each group permission; {@code MANAGE} is DSM's older name for managing
     * the group's objects. An empty set: membership alone grants it.
     */
    static final Map<GroupPermission, Set<AppPermission>> APP_GRANTS = Map.of(
            GroupPermission.GET_GROUP, Set.of(),
            GroupPermission.GET_SOBJECTS, Set.of(),
            GroupPermission.UPDATE_GROUP_PROFILE, Set.of(AppPermission.MANAGE),
            GroupPermission.DELETE_GROUP, Set.of(AppPermission.MANAGE),
            GroupPermission.CREATE_SOBJECTS, Set.of(AppPermission.CREATE_SOBJECTS, AppPermission.MANAGE),
            GroupPermission.EXPORT_SOBJECTS, Set.of(AppPermission.EXPORT),
            GroupPermission.UPDATE_SOBJECTS_PROFILE, Set.of(AppPermission.UPDATE_SOBJECTS_PROFILE,
                    AppPermission.MANAGE),
            GroupPermission.UPDATE_SOBJECTS_ENABLED_STATE, Set.of(AppPermission.UPDATE_SOBJECTS_ENABLED_STATE,
                    AppPermission.MANAGE),
            GroupPermission.UPDATE_KEY_OPS, Set.of(AppPermission.UPDATE_KEY_OPS, AppPermission.MANAGE),
            GroupPermission.DELETE_SOBJECTS, Set.of(AppPermission.DELETE_SOBJECTS, AppPermission.MANAGE));

    /** True when the app exists, is enabled and its membership of the group grants {@code permission}. */
    private static boolean appHolds(Tx tx, AppPrincipal app, UUID groupId, Enum<?> permission) {
        if (tx.apps().byId(app.acctId(), app.appId()).filter(AppRecord::enabled).isEmpty()) {
            return false;
        }
        Optional<List<String>> held = tx.appGroups().find(app.appId(), groupId).map(AppGroupRecord::permissions);
        if (held.isEmpty()) {
            return false;
        }
        Set<AppPermission> enough = permission instanceof AppPermission operation ? Set.of(operation)
                : APP_GRANTS.get((GroupPermission) permission);
        return enough != null && (enough.isEmpty() || enough.stream().anyMatch(p -> held.get().contains(p.name())));
    }

    /**
     * The groups {@code principal} sees in listings of the account: all of them for principals
     * that administer every group, an app's own groups for an app, none otherwise (404 when it
     * does not belong to the account).
     */
    public static GroupScope visibleGroups(Tx tx, Principal principal, UUID acctId) {
        Grant grant = grant(tx, principal, acctId, false);
        if (grant.administersAllGroups()) {
            return GroupScope.ALL;
        }
        return principal instanceof AppPrincipal app ? GroupScope.ofApp(app.appId()) : GroupScope.NONE;
    }

    /** Only users create accounts (and become their administrators); apps live inside one. */
    public static UserPrincipal requireAccountCreator(Principal principal) {
        if (principal instanceof UserPrincipal user) {
            return user;
        }
        throw new ForbiddenException("only users can create accounts");
    }

    /** Every account {@code principal} belongs to, oldest first. */
    public static List<AccountRecord> accountsOf(Tx tx, Principal principal) {
        if (principal instanceof UserPrincipal user) {
            return tx.accounts().listForMember(user.userId());
        }
        if (principal instanceof AppPrincipal app) {
            return tx.accounts().byId(app.acctId()).stream().toList();
        }
        requireServer(principal);
        return tx.accounts().listAll();
    }

    /** An account and what the principal may do in it. */
    private record Grant(AccountRecord account, Predicate<AccountPermission> permissions,
            boolean administersAllGroups) {
        AccountRecord require(AccountPermission permission) {
            if (!permissions.test(permission)) {
                throw new ForbiddenException("missing permission " + permission + " in this account");
            }
            return account;
        }
    }

    private static Grant grant(Tx tx, Principal principal, UUID acctId, boolean forUpdate) {
        Optional<Grant> grant;
        if (principal instanceof UserPrincipal user) {
            grant = (forUpdate ? tx.accounts().membershipForUpdate(acctId, user.userId())
                    : tx.accounts().membership(acctId, user.userId()))
                    .map(m -> new Grant(m.account(), m.role()::grants, m.role().administersAllGroups()));
        } else if (principal instanceof AppPrincipal app) {
            grant = account(tx, app.acctId().equals(acctId) ? acctId : null, forUpdate)
                    .map(account -> new Grant(account, appPermissions(tx, app), false));
        } else {
            requireServer(principal);
            grant = account(tx, acctId, forUpdate).map(account -> new Grant(account, SERVER_PERMISSIONS::contains,
                    false));
        }
        return grant.orElseThrow(() -> new NotFoundException("account not found"));
    }

    /** Principal is sealed; this keeps a fourth kind from silently passing as the server. */
    private static void requireServer(Principal principal) {
        if (!(principal instanceof ServerPrincipal)) {
            throw new IllegalStateException("unknown principal kind " + principal.getClass().getName());
        }
    }

    private static Optional<AccountRecord> account(Tx tx, UUID acctId, boolean forUpdate) {
        if (acctId == null) {
            return Optional.empty();
        }
        return forUpdate ? tx.accounts().byIdForUpdate(acctId) : tx.accounts().byId(acctId);
    }

    /** The app's role as stored now, so a changed role or a disabled or deleted app counts at once. */
    private static Predicate<AccountPermission> appPermissions(Tx tx, AppPrincipal app) {
        Optional<AppRole> role = tx.apps().byId(app.acctId(), app.appId()).filter(AppRecord::enabled)
                .flatMap(record -> AppRole.fromWireName(record.role()));
        return permission -> role.isPresent() && role.get().grants(permission);
    }
}
