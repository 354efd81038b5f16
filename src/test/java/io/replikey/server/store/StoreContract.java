package io.replikey.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import io.replikey.server.access.AccountRole;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.domain.PurposeKind;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} backend must share. Each subclass supplies empty databases of
 * one dialect; every test gets its own, so tests neither see nor disturb each other's rows.
 */
abstract class StoreContract extends StoreFixture {
    static final AccountRole ADMIN = AccountRole.ACCOUNTADMINISTRATOR;

    @Test
    void runsOnTheIntendedDatabase() {
        assertThat(store.dialect()).isEqualTo(expectedDialect());
    }

    // ---- users ----

    @Test
    void insertedUserIsFoundByIdAndByEmail() {
        UserRecord user = newUser("ada@example.com");

        assertThat(insertUser(user)).isTrue();

        assertThat(userById(user.userId())).contains(user);
        assertThat(userByEmail("ada@example.com")).contains(user);
    }

    @Test
    void optionalNamesRoundTripAsNull() {
        UserRecord user = new UserRecord(UUID.randomUUID(), "anon@example.com", "hash", null, null, T0, null, 0, 0);
        insertUser(user);

        assertThat(userById(user.userId())).contains(user);
    }

    @Test
    void unknownUserIsNotFound() {
        assertThat(userById(UUID.randomUUID())).isEmpty();
        assertThat(userByEmail("nobody@example.com")).isEmpty();
    }

    @Test
    void duplicateEmailIsRefusedAndChangesNothing() {
        UserRecord first = newUser("taken@example.com");
        UserRecord second = new UserRecord(UUID.randomUUID(), "taken@example.com", "other-hash", "Eve", "Other",
                T0 + 1, null, 0, 0);
        insertUser(first);

        assertThat(insertUser(second)).isFalse();

        assertThat(userByEmail("taken@example.com")).contains(first);
        assertThat(userById(second.userId())).isEmpty();
    }

    @Test
    void concurrentFailedLoginsAreAllCounted() throws Exception {
        UserRecord user = givenUser();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> store.transaction(
                        tx -> tx.users().countFailureUnlessThrottled(user.userId(), T0))));
            }
            java.util.Set<Integer> counts = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Integer> result : results) {
                counts.add(result.get());
            }
            // Each increment saw its own distinct count: none was lost or seen twice.
            assertThat(counts).hasSize(16).contains(1, 16);
        } finally {
            pool.shutdownNow();
        }
        assertThat(userById(user.userId()).orElseThrow().failedLogins()).isEqualTo(16);
    }

    @Test
    void failedLoginsAreCountedAndASuccessfulLoginResetsThem() {
        UserRecord user = givenUser();

        for (int expected = 1; expected <= 3; expected++) {
            int counted = store.transaction(tx -> tx.users().countFailureUnlessThrottled(user.userId(), T0));
            assertThat(counted).isEqualTo(expected);
        }
        store.transaction(tx -> {
            tx.users().throttleUntil(user.userId(), T0 + 60);
            return null;
        });
        assertThat(userById(user.userId()).orElseThrow())
                .returns(3, UserRecord::failedLogins)
                .returns(T0 + 60, UserRecord::throttledUntil)
                .returns(null, UserRecord::lastLoggedInAt);

        store.transaction(tx -> {
            tx.users().recordSuccessfulLogin(user.userId(), T0 + 120);
            return null;
        });
        assertThat(userById(user.userId()).orElseThrow())
                .returns(0, UserRecord::failedLogins)
                .returns(0L, UserRecord::throttledUntil)
                .returns(T0 + 120, UserRecord::lastLoggedInAt);
    }

    @Test
    void concurrentSignUpsWithOneEmailCreateExactlyOneUser() throws Exception {
        List<UserRecord> users = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CALLERS; i++) {
            users.add(newUser("race@example.com"));
        }

        List<Boolean> results = concurrently(i -> () -> insertUser(users.get(i)));

        assertThat(results).containsOnlyOnce(true);
        UserRecord winner = users.get(results.indexOf(true));
        assertThat(userByEmail("race@example.com")).contains(winner);
    }

    // ---- login throttles ----

    static final String ADDRESS_A = "192.0.2.10";
    static final String ADDRESS_B = "2001:db8::b";

    @Test
    void loginFailuresAreCountedPerUserAndClientAddress() {
        UserRecord user = givenUser();
        UserRecord other = givenUser();

        for (int expected = 1; expected <= 3; expected++) {
            assertThat(recordLoginFailure(user, ADDRESS_A, T0 + expected)).isEqualTo(expected);
        }
        assertThat(recordLoginFailure(user, ADDRESS_B, T0 + 10)).isEqualTo(1);
        assertThat(recordLoginFailure(other, ADDRESS_A, T0 + 20)).isEqualTo(1);
        store.transaction(tx -> {
            tx.loginThrottles().throttleUntil(user.userId(), ADDRESS_A, T0 + 60);
            return null;
        });

        assertThat(loginThrottle(user, ADDRESS_A)).contains(new LoginThrottleRecord(user.userId(), ADDRESS_A, 3,
                T0 + 60, T0 + 3));
        assertThat(loginThrottle(user, ADDRESS_B)).contains(new LoginThrottleRecord(user.userId(), ADDRESS_B, 1,
                0, T0 + 10));
        assertThat(loginThrottle(other, ADDRESS_A)).map(LoginThrottleRecord::throttledUntil).contains(0L);
        assertThat(loginThrottle(other, ADDRESS_B)).isEmpty();
        assertThat(userById(user.userId()).orElseThrow().failedLogins()).as("the per-user count is apart").isZero();
    }

    @Test
    void clearingOneAddressLeavesTheOthers() {
        UserRecord user = givenUser();
        recordLoginFailure(user, ADDRESS_A, T0);
        recordLoginFailure(user, ADDRESS_B, T0);

        store.transaction(tx -> {
            tx.loginThrottles().clear(user.userId(), ADDRESS_B);
            return null;
        });

        assertThat(loginThrottle(user, ADDRESS_B)).isEmpty();
        assertThat(loginThrottle(user, ADDRESS_A)).isPresent();
        assertThat(recordLoginFailure(user, ADDRESS_B, T0 + 1)).as("counts afresh").isEqualTo(1);
    }

    @Test
    void concurrentLoginFailuresFromOneAddressOnTwoNodesAreAllCounted() throws Exception {
        UserRecord user = givenUser();
        Store otherNode = openNode();

        List<Integer> counts = concurrently(i -> () -> (i % 2 == 0 ? store : otherNode)
                .transaction(tx -> tx.loginThrottles().countFailureUnlessThrottled(user.userId(), ADDRESS_A, T0 + i)));

        // Each increment saw its own distinct count: none was lost or seen twice.
        assertThat(counts).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(1, CONCURRENT_CALLERS).boxed().toList());
        assertThat(loginThrottle(user, ADDRESS_A)).map(LoginThrottleRecord::failures).contains(CONCURRENT_CALLERS);
    }

    @Test
    void aThrottledUserOrAddressIsNotCountedUntilTheThrottleEnds() {
        UserRecord user = givenUser();
        recordLoginFailure(user, ADDRESS_A, T0);
        store.transaction(tx -> {
            tx.users().throttleUntil(user.userId(), T0 + 60);
            tx.loginThrottles().throttleUntil(user.userId(), ADDRESS_A, T0 + 60);
            return null;
        });

        assertThat(countUserFailure(user, T0 + 59)).isZero();
        assertThat(recordLoginFailure(user, ADDRESS_A, T0 + 59)).isZero();
        assertThat(userById(user.userId()).orElseThrow().failedLogins()).isZero();
        assertThat(loginThrottle(user, ADDRESS_A)).map(LoginThrottleRecord::failures).contains(1);

        assertThat(countUserFailure(user, T0 + 60)).isOne();
        assertThat(recordLoginFailure(user, ADDRESS_A, T0 + 60)).isEqualTo(2);
    }

    @Test
    void concurrentAttemptsOnTwoNodesStopAtAThrottleOneOfThemSets() throws Exception {
        UserRecord user = givenUser();
        Store otherNode = openNode();
        int limit = 3;

        List<Integer> counts = concurrently(i -> () -> (i % 2 == 0 ? store : otherNode).transaction(tx -> {
            int counted = tx.loginThrottles().countFailureUnlessThrottled(user.userId(), ADDRESS_A, T0);
            if (counted == limit) {
                tx.loginThrottles().throttleUntil(user.userId(), ADDRESS_A, T0 + 60);
            }
            return counted;
        }));

        assertThat(counts).as("the throttle set with the third count holds back every later attempt")
                .containsOnly(0, 1, 2, 3).containsOnlyOnce(1, 2, 3);
        assertThat(loginThrottle(user, ADDRESS_A)).map(LoginThrottleRecord::failures).contains(limit);
    }

    @Test
    void deleteQuietSinceRemovesOnlyRowsQuietBeforeTheCutOffThatNoLongerThrottle() {
        UserRecord user = givenUser();
        recordLoginFailure(user, ADDRESS_A, T0);
        recordLoginFailure(user, ADDRESS_B, T0);
        recordLoginFailure(user, "198.51.100.7", T0 + 100);
        store.transaction(tx -> {
            tx.loginThrottles().throttleUntil(user.userId(), ADDRESS_B, T0 + 1000);
            return null;
        });

        int deleted = store.transaction(tx -> tx.loginThrottles().deleteQuietSince(T0 + 100, T0 + 500));

        assertThat(deleted).isEqualTo(1);
        assertThat(loginThrottle(user, ADDRESS_A)).isEmpty();
        assertThat(loginThrottle(user, ADDRESS_B)).as("still throttling").isPresent();
        assertThat(loginThrottle(user, "198.51.100.7")).as("not quiet long enough").isPresent();
    }

    // ---- sessions ----

    @Test
    void insertedSessionIsFoundByTokenHash() {
        UserRecord user = givenUser();
        SessionRecord session = newSession(user.userId(), T0);

        store.transaction(tx -> {
            tx.sessions().insert(session);
            return null;
        });

        assertThat(session(session.tokenHash())).contains(session);
        assertThat(session(tokenHash())).isEmpty();
    }

    @Test
    void aSessionKeepsItsKind() {
        SessionRecord appSession = new SessionRecord(tokenHash(), SessionKind.APP, UUID.randomUUID(),
                UUID.randomUUID(), T0, T0);

        store.transaction(tx -> {
            tx.sessions().insert(appSession);
            return null;
        });

        assertThat(session(appSession.tokenHash())).contains(appSession);
    }

    @Test
    void touchMovesOnlyTheLastUse() {
        SessionRecord session = givenSession(givenUser().userId(), T0);

        store.transaction(tx -> {
            tx.sessions().touch(session.tokenHash(), T0 + 30);
            return null;
        });

        assertThat(session(session.tokenHash())).contains(new SessionRecord(
                session.tokenHash(), session.entityKind(), session.entityId(), null, session.createdAt(), T0 + 30));
    }

    @Test
    void selectAccountRemembersTheAccount() {
        UserRecord user = givenUser();
        AccountRecord account = givenAccount(user.userId(), standardAccount("selected", T0));
        SessionRecord session = givenSession(user.userId(), T0);

        store.transaction(tx -> {
            tx.sessions().selectAccount(session.tokenHash(), account.acctId());
            return null;
        });

        assertThat(session(session.tokenHash()).orElseThrow())
                .returns(account.acctId(), SessionRecord::selectedAccountId);
    }

    @Test
    void deleteRemovesOnlyThatSession() {
        UserRecord user = givenUser();
        SessionRecord ended = givenSession(user.userId(), T0);
        SessionRecord other = givenSession(user.userId(), T0);

        store.transaction(tx -> {
            tx.sessions().delete(ended.tokenHash());
            return null;
        });

        assertThat(session(ended.tokenHash())).isEmpty();
        assertThat(session(other.tokenHash())).contains(other);
    }

    @Test
    void deleteIdleSinceRemovesOnlySessionsUnusedBeforeTheCutOff() {
        UUID userId = givenUser().userId();
        SessionRecord idle = givenSession(userId, T0 - 2);
        SessionRecord alsoIdle = givenSession(userId, T0 - 1);
        SessionRecord usedAtCutOff = givenSession(userId, T0);
        SessionRecord fresh = givenSession(userId, T0 + 1);

        assertThat(deleteIdleSince(T0)).isEqualTo(2);

        assertThat(session(idle.tokenHash())).isEmpty();
        assertThat(session(alsoIdle.tokenHash())).isEmpty();
        assertThat(session(usedAtCutOff.tokenHash())).contains(usedAtCutOff);
        assertThat(session(fresh.tokenHash())).contains(fresh);
        assertThat(deleteIdleSince(T0)).isZero();
    }

    // ---- accounts ----

    @Test
    void creatorBecomesAdministratorAndSeesTheAccount() {
        UserRecord admin = givenUser();
        AccountRecord account = replicationAccount("replica", T0);

        store.transaction(tx -> {
            tx.accounts().insert(account, admin.userId(), ADMIN);
            return null;
        });

        assertThat(accountSeenBy(account.acctId(), admin.userId()))
                .contains(account);
        assertThat(roleOf(account.acctId(), admin.userId())).contains(ADMIN);
    }

    @Test
    void accountIsInvisibleToANonMember() {
        UserRecord admin = givenUser();
        UserRecord stranger = givenUser();
        AccountRecord account = givenAccount(admin.userId(), standardAccount("private", T0));

        assertThat(accountSeenBy(account.acctId(), stranger.userId())).isEmpty();
        assertThat(roleOf(account.acctId(), stranger.userId())).isEmpty();
        Optional<Membership> membership = store.read(tx -> tx.accounts().membership(account.acctId(), admin.userId()));
        assertThat(membership).contains(new Membership(account, ADMIN));
        Optional<Membership> none = store.read(tx -> tx.accounts().membership(account.acctId(), stranger.userId()));
        assertThat(none).isEmpty();
        assertThat(accountSeenBy(UUID.randomUUID(), admin.userId())).isEmpty();
    }

    @Test
    void listForMemberReturnsTheMembersAccountsOldestFirst() {
        UserRecord alice = givenUser();
        UserRecord bob = givenUser();
        AccountRecord newer = givenAccount(alice.userId(), standardAccount("newer", T0 + 10));
        AccountRecord older = givenAccount(alice.userId(), replicationAccount("older", T0));
        AccountRecord bobs = givenAccount(bob.userId(), standardAccount("bob's", T0 + 5));

        assertThat(accountsOf(alice.userId())).containsExactly(older, newer);
        assertThat(accountsOf(bob.userId())).containsExactly(bobs);
        assertThat(accountsOf(UUID.randomUUID())).isEmpty();
    }

    @Test
    void updateWritesEveryMutableColumnIncludingNulls() {
        UserRecord admin = givenUser();
        AccountRecord inserted = givenAccount(admin.userId(), standardAccount("before", T0));
        UUID credentialId = insertCredential(newCredential(inserted.acctId())).credentialId();
        // originalPurposeType and createdAt are deliberately changed too: update must leave them alone.
        AccountRecord replicating = new AccountRecord(inserted.acctId(), "after", null, false,
                PurposeKind.ACCOUNT_REPLICATION, PurposeKind.ACCOUNT_REPLICATION, "https://source.example", 255, credentialId,
                T0 + 999);

        updateAccount(replicating);
        assertThat(accountSeenBy(inserted.acctId(), admin.userId()))
                .contains(new AccountRecord(inserted.acctId(), "after", null, false, PurposeKind.ACCOUNT_REPLICATION,
                        PurposeKind.STANDARD, "https://source.example", 255, replicating.activeCredentialId(), T0));

        AccountRecord failedOver = new AccountRecord(inserted.acctId(), "again", "now described", true,
                PurposeKind.STANDARD, PurposeKind.STANDARD, null, null, null, T0);
        updateAccount(failedOver);
        assertThat(accountSeenBy(inserted.acctId(), admin.userId()))
                .contains(failedOver);
    }

    @Test
    void deleteCascadesToMembersAndCredentialsOnly() {
        UserRecord admin = givenUser();
        AccountRecord doomed = givenAccount(admin.userId(), replicationAccount("doomed", T0));
        AccountRecord kept = givenAccount(admin.userId(), replicationAccount("kept", T0 + 1));
        insertCredential(newCredential(doomed.acctId()));
        insertCredential(newCredential(doomed.acctId()));
        ReplicationCredentialRecord keptCredential = insertCredential(newCredential(kept.acctId()));

        store.transaction(tx -> {
            tx.accounts().delete(doomed.acctId());
            return null;
        });

        assertThat(accountSeenBy(doomed.acctId(), admin.userId())).isEmpty();
        assertThat(roleOf(doomed.acctId(), admin.userId())).isEmpty();
        assertThat(credentials(doomed.acctId())).isEmpty();

        assertThat(userById(admin.userId())).contains(admin);
        assertThat(accountsOf(admin.userId())).containsExactly(kept);
        assertThat(credentials(kept.acctId()))
                .usingRecursiveFieldByFieldElementComparator().containsExactly(keptCredential);
    }

    @Test
    void theActiveCredentialMustBeOneOfTheAccountsOwnCredentials() {
        UserRecord admin = givenUser();
        AccountRecord account = givenAccount(admin.userId(), replicationAccount("replica", T0));
        AccountRecord other = givenAccount(admin.userId(), replicationAccount("other", T0 + 1));
        UUID othersCredential = insertCredential(newCredential(other.acctId())).credentialId();

        for (UUID dangling : List.of(UUID.randomUUID(), othersCredential)) {
            assertThatThrownBy(() -> updateAccount(withActiveCredential(account, dangling)))
                    .isInstanceOf(JdbiException.class);
            assertThat(accountSeenBy(account.acctId(), admin.userId())).contains(account);
        }
    }

    @Test
    void theActiveCredentialCannotBeDeletedButGoesWithItsAccount() {
        UserRecord admin = givenUser();
        AccountRecord account = givenAccount(admin.userId(), replicationAccount("replica", T0));
        ReplicationCredentialRecord active = insertCredential(newCredential(account.acctId()));
        updateAccount(withActiveCredential(account, active.credentialId()));

        assertThatThrownBy(() -> deleteCredential(account.acctId(), active.credentialId()))
                .isInstanceOf(JdbiException.class);
        assertThat(credentials(account.acctId())).hasSize(1);

        store.transaction(tx -> {
            tx.accounts().delete(account.acctId());
            return null;
        });
        assertThat(accountSeenBy(account.acctId(), admin.userId())).isEmpty();
        assertThat(credentials(account.acctId())).isEmpty();
    }

    private static AccountRecord withActiveCredential(AccountRecord a, UUID credentialId) {
        return new AccountRecord(a.acctId(), a.name(), a.description(), a.enabled(), a.purposeType(),
                a.originalPurposeType(), a.replicationUrl(), a.scanIntervalHours(), credentialId, a.createdAt());
    }

    private void updateAccount(AccountRecord account) {
        store.transaction(tx -> {
            tx.accounts().update(account);
            return null;
        });
    }

    // ---- replication credentials ----

    @Test
    void credentialsFillSlotOneThenSlotTwo() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord first = newCredential(acctId);
        ReplicationCredentialRecord second = newCredential(acctId);

        assertThat(insertIntoFreeSlot(first)).isTrue();
        assertThat(insertIntoFreeSlot(second)).isTrue();

        assertThat(credential(acctId, first.credentialId())).get().usingRecursiveComparison().isEqualTo(inSlot(first, 1));
        assertThat(credential(acctId, second.credentialId())).get().usingRecursiveComparison()
                .isEqualTo(inSlot(second, 2));
    }

    @Test
    void thirdCredentialIsRefusedAndLeavesExactlyTwo() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord first = insertCredential(newCredential(acctId));
        ReplicationCredentialRecord second = insertCredential(newCredential(acctId));
        ReplicationCredentialRecord third = newCredential(acctId);

        assertThat(insertIntoFreeSlot(third)).isFalse();

        assertThat(credential(acctId, third.credentialId())).isEmpty();
        assertThat(credentials(acctId))
                .usingRecursiveFieldByFieldElementComparator().containsExactly(first, second);
    }

    @Test
    void theLimitIsPerAccount() {
        UUID full = givenReplicationAccount();
        UUID other = givenReplicationAccount();
        insertCredential(newCredential(full));
        insertCredential(newCredential(full));

        ReplicationCredentialRecord elsewhere = insertCredential(newCredential(other));

        assertThat(elsewhere.slot()).isEqualTo(1);
    }

    @Test
    void deletingACredentialFreesItsSlotAndListStaysInSlotOrder() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord first = insertCredential(newCredential(acctId));
        ReplicationCredentialRecord second = insertCredential(newCredential(acctId));

        assertThat(deleteCredential(acctId, first.credentialId())).isTrue();
        assertThat(deleteCredential(acctId, first.credentialId())).isFalse();
        ReplicationCredentialRecord replacement = insertCredential(newCredential(acctId));

        assertThat(replacement.slot()).isEqualTo(1);
        // The replacement was inserted last but holds slot 1, so it must come first.
        assertThat(credentials(acctId))
                .usingRecursiveFieldByFieldElementComparator().containsExactly(replacement, second);
    }

    @Test
    void anotherAccountsCredentialAnswersLikeAMissingOne() {
        UUID owner = givenReplicationAccount();
        UUID intruder = givenReplicationAccount();
        ReplicationCredentialRecord credential = insertCredential(newCredential(owner));

        assertThat(credential(intruder, credential.credentialId())).isEmpty();
        assertThat(deleteCredential(intruder, credential.credentialId()))
                .isFalse();
        store.transaction(tx -> {
            tx.credentials().updateAppAndChain(new ReplicationCredentialRecord(credential.credentialId(),
                    intruder, credential.slot(), credential.keyType(), credential.publicKey(),
                    credential.sealedPrivateKey(), credential.masterKeyVersion(), UUID.randomUUID(),
                    List.of(bytes(64)), credential.createdAt()));
            return null;
        });

        assertThat(credentials(intruder)).isEmpty();
        assertThat(credential(owner, credential.credentialId())).get().usingRecursiveComparison().isEqualTo(credential);
    }

    @Test
    void updateAppAndChainRoundTripsAMultiCertificateChainExactly() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord credential = insertCredential(newCredential(acctId));
        List<byte[]> chain = List.of(bytes(700), everyByteValue(), bytes(1), bytes(1200));
        ReplicationCredentialRecord updated = credential.withAppAndChain(UUID.randomUUID(), chain);

        updateAppAndChain(updated);

        ReplicationCredentialRecord found = credential(acctId, credential.credentialId()).orElseThrow();
        assertThat(found.certificateChain()).hasSize(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            assertThat(found.certificateChain().get(i)).as("chain element %d", i).isEqualTo(chain.get(i));
        }
        assertThat(found).usingRecursiveComparison().isEqualTo(updated);
    }

    @Test
    void appAndChainCanBeClearedAgain() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord credential = insertCredential(newCredential(acctId));
        updateAppAndChain(credential.withAppAndChain(UUID.randomUUID(), List.of(bytes(300))));

        updateAppAndChain(credential.withAppAndChain(null, null));

        assertThat(credential(acctId, credential.credentialId())).get().usingRecursiveComparison()
                .isEqualTo(credential);
    }

    @Test
    void anEmptyChainStaysEmpty() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord credential = insertCredential(newCredential(acctId));

        updateAppAndChain(credential.withAppAndChain(UUID.randomUUID(), List.of()));

        assertThat(credential(acctId, credential.credentialId()).orElseThrow().certificateChain()).isEmpty();
    }

    @Test
    void keyMaterialRoundTripsByteExact() {
        UUID acctId = givenReplicationAccount();
        ReplicationCredentialRecord credential = new ReplicationCredentialRecord(UUID.randomUUID(), acctId, 0,
                CredentialKeyType.RSA_4096, everyByteValue(), bytes(4096), 7, null, null, T0);

        ReplicationCredentialRecord stored = insertCredential(credential);

        ReplicationCredentialRecord found = credential(acctId, credential.credentialId()).orElseThrow();
        assertThat(found.publicKey()).isEqualTo(credential.publicKey());
        assertThat(found.sealedPrivateKey()).isEqualTo(credential.sealedPrivateKey());
        assertThat(found).usingRecursiveComparison().isEqualTo(stored);
    }

    @Test
    void concurrentCreatesNeverExceedTwoCredentialsPerAccount() throws Exception {
        for (int round = 0; round < 3; round++) {
            UUID acctId = givenReplicationAccount();
            assertConcurrentInsertsFillExactlyTwoSlots(acctId, i -> store);
        }
    }

    @Test
    void concurrentCreatesOnTwoNodesNeverExceedTwoCredentialsPerAccount() throws Exception {
        Store otherNode = openNode();
        for (int round = 0; round < 3; round++) {
            UUID acctId = givenReplicationAccount();
            assertConcurrentInsertsFillExactlyTwoSlots(acctId, i -> i % 2 == 0 ? store : otherNode);
        }
    }

    private void assertConcurrentInsertsFillExactlyTwoSlots(UUID acctId, IntFunction<Store> nodeFor)
            throws Exception {
        List<ReplicationCredentialRecord> candidates = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CALLERS; i++) {
            candidates.add(newCredential(acctId));
        }

        List<Boolean> results = concurrently(i -> () -> nodeFor.apply(i)
                .transaction(tx -> tx.credentials().insertIntoFreeSlot(candidates.get(i))));

        List<UUID> winners = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i)) {
                winners.add(candidates.get(i).credentialId());
            }
        }
        assertThat(winners).as("callers told their credential was created").hasSize(2);
        List<ReplicationCredentialRecord> stored = credentials(acctId);
        assertThat(stored).extracting(ReplicationCredentialRecord::slot).containsExactly(1, 2);
        assertThat(stored).extracting(ReplicationCredentialRecord::credentialId)
                .containsExactlyInAnyOrderElementsOf(winners);
    }

    private void updateAppAndChain(ReplicationCredentialRecord credential) {
        store.transaction(tx -> {
            tx.credentials().updateAppAndChain(credential);
            return null;
        });
    }

    private UUID givenReplicationAccount() {
        return givenAccount(givenUser().userId(), replicationAccount("replica", T0)).acctId();
    }

    // ---- durability (design.md §6: an acknowledged write survives power loss) ----

    /**
     * Reads the effective settings on every connection of the pool, all borrowed at once so each
     * is a different one: a driver that silently ignored a property would show here. On
     * PostgreSQL, replikey sets nothing and must not weaken the server's durable defaults; the
     * one a session can weaken is synchronous_commit (fsync and full_page_writes are server-wide,
     * and the test server runs with fsync=off, see EmbeddedPostgresServer).
     */
    @Test
    void everyPooledConnectionCommitsDurably() throws Exception {
        Map<String, String> durable = store.dialect() == Dialect.SQLITE
                ? Map.of("PRAGMA synchronous", "2") // 2 = FULL: each commit fsyncs the WAL before it returns
                : Map.of("SHOW synchronous_commit", "on"); // a commit returns only once its WAL is flushed
        int poolSize = store.dialect().poolSize();
        CyclicBarrier allBorrowed = new CyclicBarrier(poolSize);
        ExecutorService threads = Executors.newFixedThreadPool(poolSize);
        try {
            List<Future<Map<String, String>>> perConnection = new ArrayList<>();
            for (int i = 0; i < poolSize; i++) {
                perConnection.add(threads.submit(() -> store.read(tx -> {
                    awaitOthers(allBorrowed);
                    Map<String, String> effective = new HashMap<>();
                    durable.keySet().forEach(query ->
                            effective.put(query, tx.handle().createQuery(query).mapTo(String.class).one()));
                    return effective;
                })));
            }
            for (Future<Map<String, String>> settings : perConnection) {
                assertThat(settings.get(2, TimeUnit.MINUTES)).isEqualTo(durable);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitOthers(CyclicBarrier barrier) {
        try {
            barrier.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the pool did not hand out all its connections at once", e);
        }
    }

    @Test
    void aMembershipReadOutsideATransactionIsCurrentAfterALocalCommitAndAtMostASecondBehindAnotherNode()
            throws InterruptedException {
        UserRecord admin = givenUser();
        AccountRecord account = givenAccount(admin.userId(), standardAccount("before", T0));
        Store otherNode = openNode();
        assertThat(membershipName(store, account, admin)).isEqualTo("before"); // now remembered by this node

        renameAccount(store, account, "changed here");
        assertThat(membershipName(store, account, admin)).isEqualTo("changed here");

        assertThat(membershipName(otherNode, account, admin)).isEqualTo("changed here");
        renameAccount(store, account, "changed on the first node");
        Thread.sleep(RecentReads.FRESHNESS.toMillis() + 50);
        assertThat(membershipName(otherNode, account, admin)).isEqualTo("changed on the first node");
        String insideTransaction = otherNode.transaction(tx -> tx.accounts().membership(account.acctId(),
                admin.userId()).orElseThrow().account().name());
        assertThat(insideTransaction).isEqualTo("changed on the first node");
    }

    /** As Jdbi's withHandle: a read inside a transaction uses its connection, so it sees its writes. */
    @Test
    void aReadNestedInATransactionSeesTheTransactionsWrites() {
        UserRecord user = newUser(UUID.randomUUID() + "@example.com");
        Optional<UserRecord> seen = store.transaction(tx -> {
            tx.users().insert(user);
            return store.read(nested -> nested.users().byId(user.userId()));
        });
        assertThat(seen).isPresent();
        assertThat(userById(user.userId())).isPresent();
    }

    /** Recent reads must neither hide a transaction's own writes from a read nested in it nor keep its rows. */
    @Test
    void aReadNestedInATransactionNeverAnswersFromRecentReads() {
        UserRecord admin = givenUser();
        UUID acctId = givenAccount(admin.userId(), standardAccount("nested", T0)).acctId();
        ReplicationCredentialRecord credential = insertCredential(newCredential(acctId)); // now a recent read
        Optional<ReplicationCredentialRecord> seenInside = store.transaction(tx -> {
            tx.credentials().delete(acctId, credential.credentialId());
            return store.read(nested -> nested.credentials().byId(acctId, credential.credentialId()));
        });
        assertThat(seenInside).isEmpty();
    }

    @Test
    void aCredentialDeletedIsGoneAtOnceOnItsNodeAndWithinASecondOnAnother() throws InterruptedException {
        UserRecord admin = givenUser();
        UUID acctId = givenAccount(admin.userId(), standardAccount("credentials", T0)).acctId();
        ReplicationCredentialRecord credential = insertCredential(newCredential(acctId));
        Store otherNode = openNode();
        assertThat(credentialOn(otherNode, acctId, credential.credentialId())).isPresent();

        assertThat(deleteCredential(acctId, credential.credentialId())).isTrue();
        assertThat(credential(acctId, credential.credentialId())).as("on the node that deleted it").isEmpty();
        Thread.sleep(RecentReads.FRESHNESS.toMillis() + 50);
        assertThat(credentialOn(otherNode, acctId, credential.credentialId()))
                .as("on the other node, a second later").isEmpty();
    }

    private static Optional<ReplicationCredentialRecord> credentialOn(Store node, UUID acctId, UUID credentialId) {
        return node.read(tx -> tx.credentials().byId(acctId, credentialId));
    }

    private static String membershipName(Store node, AccountRecord account, UserRecord user) {
        return node.read(tx -> tx.accounts().membership(account.acctId(), user.userId())).orElseThrow().account().name();
    }

    private static void renameAccount(Store node, AccountRecord account, String name) {
        node.transaction(tx -> {
            AccountRecord current = tx.accounts().byId(account.acctId()).orElseThrow();
            tx.accounts().update(new AccountRecord(current.acctId(), name, current.description(), current.enabled(),
                    current.purposeType(), current.originalPurposeType(), current.replicationUrl(),
                    current.scanIntervalHours(), current.activeCredentialId(), current.createdAt()));
            return null;
        });
    }

    // ---- one DAO call per transaction; typed, so AssertJ's assertThat overloads resolve ----

    boolean insertUser(UserRecord user) {
        return store.transaction(tx -> tx.users().insert(user));
    }

    Optional<UserRecord> userById(UUID userId) {
        return store.read(tx -> tx.users().byId(userId));
    }

    Optional<UserRecord> userByEmail(String email) {
        return store.read(tx -> tx.users().byEmail(email));
    }

    int countUserFailure(UserRecord user, long now) {
        return store.transaction(tx -> tx.users().countFailureUnlessThrottled(user.userId(), now));
    }

    int recordLoginFailure(UserRecord user, String clientAddress, long now) {
        return store.transaction(tx -> tx.loginThrottles().countFailureUnlessThrottled(user.userId(), clientAddress,
                now));
    }

    Optional<LoginThrottleRecord> loginThrottle(UserRecord user, String clientAddress) {
        return store.read(tx -> tx.loginThrottles().find(user.userId(), clientAddress));
    }

    Optional<SessionRecord> session(String tokenHash) {
        return store.read(tx -> tx.sessions().byTokenHash(tokenHash));
    }

    int deleteIdleSince(long idleBefore) {
        return store.transaction(tx -> tx.sessions().deleteIdleSince(idleBefore));
    }

    Optional<AccountRecord> accountSeenBy(UUID acctId, UUID userId) {
        return store.read(tx -> tx.accounts().membership(acctId, userId).map(Membership::account));
    }

    Optional<AccountRole> roleOf(UUID acctId, UUID userId) {
        return store.read(tx -> tx.accounts().roleOf(acctId, userId));
    }

    List<AccountRecord> accountsOf(UUID userId) {
        return store.read(tx -> tx.accounts().listForMember(userId));
    }

    boolean insertIntoFreeSlot(ReplicationCredentialRecord credential) {
        return store.transaction(tx -> tx.credentials().insertIntoFreeSlot(credential));
    }

    Optional<ReplicationCredentialRecord> credential(UUID acctId, UUID credentialId) {
        return store.read(tx -> tx.credentials().byId(acctId, credentialId));
    }

    List<ReplicationCredentialRecord> credentials(UUID acctId) {
        return store.read(tx -> tx.credentials().list(acctId));
    }

    boolean deleteCredential(UUID acctId, UUID credentialId) {
        return store.transaction(tx -> tx.credentials().delete(acctId, credentialId));
    }

    // ---- test data ----

    UserRecord newUser(String email) {
        return new UserRecord(UUID.randomUUID(), email, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "Ada",
                "Lovelace", T0, null, 0, 0);
    }

    UserRecord givenUser() {
        UserRecord user = newUser(UUID.randomUUID() + "@example.com");
        assertThat(insertUser(user)).isTrue();
        return user;
    }

    static AccountRecord standardAccount(String name, long createdAt) {
        return new AccountRecord(UUID.randomUUID(), name, "a standard account", true, PurposeKind.STANDARD, PurposeKind.STANDARD, null,
                null, null, createdAt);
    }

    static AccountRecord replicationAccount(String name, long createdAt) {
        return new AccountRecord(UUID.randomUUID(), name, null, true, PurposeKind.ACCOUNT_REPLICATION, PurposeKind.ACCOUNT_REPLICATION,
                "https://source.example:8443", 12, null, createdAt);
    }

    AccountRecord givenAccount(UUID adminUserId, AccountRecord account) {
        store.transaction(tx -> {
            tx.accounts().insert(account, adminUserId, ADMIN);
            return null;
        });
        return account;
    }

    static SessionRecord newSession(UUID userId, long lastUsedAt) {
        return new SessionRecord(tokenHash(), SessionKind.USER, userId, null, T0 - 100, lastUsedAt);
    }

    SessionRecord givenSession(UUID userId, long lastUsedAt) {
        SessionRecord session = newSession(userId, lastUsedAt);
        store.transaction(tx -> {
            tx.sessions().insert(session);
            return null;
        });
        return session;
    }

    static String tokenHash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    /** A credential as a service builds it: the slot is the store's to choose. */
    ReplicationCredentialRecord newCredential(UUID acctId) {
        return new ReplicationCredentialRecord(UUID.randomUUID(), acctId, 0, CredentialKeyType.EC_P256, bytes(91), bytes(150), 1,
                null, null, T0);
    }

    /** Inserts the credential and returns it as stored, slot included. */
    ReplicationCredentialRecord insertCredential(ReplicationCredentialRecord credential) {
        assertThat(insertIntoFreeSlot(credential)).isTrue();
        return credential(credential.acctId(), credential.credentialId()).orElseThrow();
    }

    static ReplicationCredentialRecord inSlot(ReplicationCredentialRecord c, int slot) {
        return new ReplicationCredentialRecord(c.credentialId(), c.acctId(), slot, c.keyType(), c.publicKey(),
                c.sealedPrivateKey(), c.masterKeyVersion(), c.appId(), c.certificateChain(), c.createdAt());
    }
}
