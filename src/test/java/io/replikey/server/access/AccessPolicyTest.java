package io.replikey.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.domain.PurposeKind;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.ServerPrincipal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import io.replikey.server.store.UserRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what in an account, for every kind of principal, on a real SQLite store. */
class AccessPolicyTest {
    private static final long T0 = 1_800_000_000L;
    private Store store;
    private UserPrincipal admin;
    private UserPrincipal member;
    private UserPrincipal stranger;
    private AccountRecord account;
    private AccountRecord otherAccount;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = Store.open("jdbc:sqlite:" + dir.resolve("test.db"), null, null);
        admin = user("admin@example.com");
        member = user("member@example.com");
        stranger = user("stranger@example.com");
        account = account("mine", admin, T0);
        otherAccount = account("theirs", stranger, T0 + 1);
        store.transaction(tx -> {
            tx.accounts().addMember(account.acctId(), member.userId(), AccountRole.ACCOUNTMEMBER);
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void anAdministratorHoldsEveryAccountPermission() {
        for (AccountPermission permission : AccountPermission.values()) {
            assertThat(read(tx -> AccessPolicy.require(tx, admin, account.acctId(), permission)))
                    .isEqualTo(account);
        }
    }

    @Test
    void aMemberBelongsButHoldsNoPermissionOfItsOwn() {
        assertThat(read(tx -> AccessPolicy.requireMembership(tx, member, account.acctId()))).isEqualTo(account);
        assertThatThrownBy(() -> read(tx -> AccessPolicy.require(tx, member, account.acctId(),
                AccountPermission.MANAGE_REPLICATION))).isInstanceOf(ForbiddenException.class)
                .hasMessage("missing permission MANAGE_REPLICATION in this account");
    }

    @Test
    void anotherAccountAnswersExactlyAsAMissingOne() {
        for (UUID acctId : List.of(otherAccount.acctId(), UUID.randomUUID())) {
            assertThatThrownBy(() -> read(tx -> AccessPolicy.requireMembership(tx, admin, acctId)))
                    .isInstanceOf(NotFoundException.class).hasMessage("account not found");
            assertThatThrownBy(() -> read(tx -> AccessPolicy.require(tx, admin, acctId,
                    AccountPermission.MANAGE_REPLICATION)))
                    .isInstanceOf(NotFoundException.class).hasMessage("account not found");
        }
    }

    @Test
    void anAppBelongsToItsOwnAccountOnlyAndHoldsNothingUntilAppsHaveRoles() {
        AppPrincipal app = new AppPrincipal(UUID.randomUUID(), account.acctId(), null);

        assertThat(read(tx -> AccessPolicy.requireMembership(tx, app, account.acctId()))).isEqualTo(account);
        assertThat(accountsOf(app)).containsExactly(account);
        assertThatThrownBy(() -> read(tx -> AccessPolicy.require(tx, app, account.acctId(),
                AccountPermission.MANAGE_REPLICATION))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> read(tx -> AccessPolicy.requireMembership(tx, app, otherAccount.acctId())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> AccessPolicy.requireAccountCreator(app)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void theServerBelongsToEveryAccountWithTheReplicationPermissionOnly() {
        ServerPrincipal engine = ServerPrincipal.REPLICATION_ENGINE;

        assertThat(accountsOf(engine)).containsExactly(account, otherAccount);
        assertThat(read(tx -> AccessPolicy.require(tx, engine, otherAccount.acctId(),
                AccountPermission.MANAGE_REPLICATION))).isEqualTo(otherAccount);
        AccountRecord locked = store.transaction(tx -> AccessPolicy.requireForUpdate(tx, engine, account.acctId(),
                AccountPermission.MANAGE_REPLICATION));
        assertThat(locked).isEqualTo(account);
        assertThatThrownBy(() -> read(tx -> AccessPolicy.require(tx, engine, account.acctId(),
                AccountPermission.DELETE_ACCOUNT))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> read(tx -> AccessPolicy.requireMembership(tx, engine, UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void onlyAdministratorsHoldGroupPermissionsUntilGroupsHaveMembers() {
        UUID groupId = UUID.randomUUID();
        assertThat(read(tx -> AccessPolicy.requireInGroup(tx, admin, account.acctId(), groupId,
                GroupPermission.EXPORT_SOBJECTS))).isEqualTo(account);
        for (Principal other : List.<Principal>of(member, new AppPrincipal(UUID.randomUUID(), account.acctId(), null),
                ServerPrincipal.REPLICATION_ENGINE)) {
            assertThatThrownBy(() -> read(tx -> AccessPolicy.requireInGroup(tx, other, account.acctId(), groupId,
                    GroupPermission.EXPORT_SOBJECTS))).isInstanceOf(ForbiddenException.class)
                    .hasMessage("missing permission EXPORT_SOBJECTS in this group");
        }
    }

    private AccountRecord read(Function<Tx, AccountRecord> work) {
        return store.read(work);
    }

    private List<AccountRecord> accountsOf(Principal principal) {
        return store.read(tx -> AccessPolicy.accountsOf(tx, principal));
    }

    private UserPrincipal user(String email) {
        UserRecord user = new UserRecord(UUID.randomUUID(), email, "hash", null, null, T0, null, 0, 0);
        store.transaction(tx -> tx.users().insert(user));
        return new UserPrincipal(user.userId(), "token-hash-of-" + email, null);
    }

    private AccountRecord account(String name, UserPrincipal creator, long createdAt) {
        AccountRecord record = new AccountRecord(UUID.randomUUID(), name, null, true, PurposeKind.STANDARD, PurposeKind.STANDARD, null,
                null, null, createdAt);
        store.transaction(tx -> {
            tx.accounts().insert(record, creator.userId(), AccountRole.ACCOUNTADMINISTRATOR);
            return null;
        });
        return record;
    }
}
