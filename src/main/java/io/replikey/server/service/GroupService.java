package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AccountPermission;
import io.replikey.server.access.GroupPermission;
import io.replikey.server.access.GroupScope;
import io.replikey.server.domain.Creator;
import io.replikey.server.domain.Group;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.Principal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.GroupDao;
import io.replikey.server.store.GroupRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Groups of the acting account ({@link ActingAccount}): create, list, get, update, delete. Names
 * are unique per account (409); a group that holds security objects cannot be deleted (409); a
 * replication account's groups are read-only until failover (409). Another account's group
 * answers as a missing one (404). Thread-safe.
 */
public final class GroupService {
    private final Store store;
    private final Clock clock;

    public GroupService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Group create(Principal principal, GroupFields fields) {
        Limits.checkName(fields.name(), true);
        checkFields(fields);
        UUID acctId = ActingAccount.of(principal);
        return store.transaction(tx -> {
            AccountRecord account = AccessPolicy.requireForUpdate(tx, principal, acctId,
                    AccountPermission.CREATE_LOCAL_GROUPS);
            AccountContent.requireWritable(account, principal);
            Group group = new Group(UUID.randomUUID(), acctId, fields.name(), fields.description(),
                    fields.customMetadata(), Creator.of(principal),
                    Instant.ofEpochSecond(clock.instant().getEpochSecond()));
            if (!tx.groups().insert(toRecord(group))) {
                throw nameTaken();
            }
            return group;
        });
    }

    /**
     * One page of the groups the principal sees, in group-id order.
     *
     * @param limit  null for every group from the start position on
     * @param after  the continuation cursor of the previous page (a group id), or null or empty for the start
     */
    public Page<Group> list(Principal principal, Integer limit, Integer offset, String after) {
        UUID acctId = ActingAccount.of(principal);
        // An empty token is how a DSM client asks for the first page in the metadata shape.
        UUID afterId = after == null || after.isEmpty() ? null : Identifiers.uuid("continuation_token", after);
        int skip = Limits.offset(offset);
        int size = limit == null ? Integer.MAX_VALUE : Limits.limit(limit, Limits.MAX_PAGE);
        return store.read(tx -> {
            GroupScope scope = AccessPolicy.visibleGroups(tx, principal, acctId);
            if (scope.isEmpty()) {
                return new Page<Group>(List.of(), 0, null);
            }
            GroupDao groups = tx.groups();
            List<Group> items = groups.list(acctId, scope.appId(), afterId, skip, size).stream()
                    .map(GroupService::toGroup).toList();
            boolean more = limit != null && items.size() == size
                    && !groups.list(acctId, scope.appId(), items.get(items.size() - 1).groupId(), 0, 1).isEmpty();
            return new Page<>(items, groups.count(acctId, scope.appId()),
                    more ? items.get(items.size() - 1).groupId().toString() : null);
        });
    }

    public Group get(Principal principal, UUID groupId) {
        UUID acctId = ActingAccount.of(principal);
        return store.read(tx -> {
            GroupRecord group = find(tx, principal, acctId, groupId);
            AccessPolicy.requireInGroup(tx, principal, acctId, groupId, GroupPermission.GET_GROUP);
            return toGroup(group);
        });
    }

    public Group update(Principal principal, UUID groupId, GroupFields changes) {
        Limits.checkName(changes.name(), false);
        checkFields(changes);
        UUID acctId = ActingAccount.of(principal);
        return store.transaction(tx -> {
            // Found first, so another account's group answers 404 like a missing one, not 403.
            find(tx, principal, acctId, groupId);
            AccountRecord account = AccessPolicy.requireInGroup(tx, principal, acctId, groupId,
                    GroupPermission.UPDATE_GROUP_PROFILE);
            GroupRecord current = tx.groups().lockById(acctId, groupId).orElseThrow(GroupService::notFound);
            AccountContent.requireWritable(account, principal);
            GroupRecord updated = new GroupRecord(groupId, acctId,
                    changes.name() != null ? changes.name() : current.name(),
                    changes.description() != null ? changes.description() : current.description(),
                    changes.customMetadata() != null ? changes.customMetadata() : current.customMetadata(),
                    current.creator(), current.createdAt());
            if (!tx.groups().update(updated)) {
                throw nameTaken();
            }
            return toGroup(updated);
        });
    }

    public void delete(Principal principal, UUID groupId) {
        UUID acctId = ActingAccount.of(principal);
        store.transaction(tx -> {
            find(tx, principal, acctId, groupId);
            AccountRecord account = AccessPolicy.requireInGroup(tx, principal, acctId, groupId,
                    GroupPermission.DELETE_GROUP);
            AccountContent.requireWritable(account, principal);
            switch (tx.groups().delete(acctId, groupId)) {
                case NOT_FOUND -> throw notFound();
                case HOLDS_OBJECTS -> throw new ConflictException("group holds security objects; delete them first");
                case DELETED -> {
                }
            }
            return null;
        });
    }

    /** The group; 404 when the account (for this principal) or the group does not exist. */
    private static GroupRecord find(Tx tx, Principal principal, UUID acctId, UUID groupId) {
        AccessPolicy.requireMembership(tx, principal, acctId);
        return tx.groups().byId(acctId, groupId).orElseThrow(GroupService::notFound);
    }

    private static void checkFields(GroupFields fields) {
        Limits.checkDescription(fields.description());
        Limits.checkMetadata(fields.customMetadata());
    }

    private static NotFoundException notFound() {
        return new NotFoundException("group not found");
    }

    private static ConflictException nameTaken() {
        return new ConflictException("a group with this name already exists in the account");
    }

    private static GroupRecord toRecord(Group g) {
        return new GroupRecord(g.groupId(), g.acctId(), g.name(), g.description(), g.customMetadata(),
                AccountContent.toStore(g.creator()), g.createdAt().getEpochSecond());
    }

    static Group toGroup(GroupRecord r) {
        return new Group(r.groupId(), r.acctId(), r.name(), r.description(), r.customMetadata(),
                AccountContent.fromStore(r.creator()), Instant.ofEpochSecond(r.createdAt()));
    }
}
