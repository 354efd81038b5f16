package io.replikey.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.access.AccountRole;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.store.ReplicationScanRecord.Trigger;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract of the replication engine, on every dialect: the per-account scan lease
 * (one holder at a time, decided by the database under concurrency and across nodes, taken over
 * once expired) and the scan records behind {@code recent_scan_summary} and the scan listing.
 * "Nodes" are separate {@link Store} instances on one database, as separate servers would be.
 */
abstract class ReplicationStoreContract extends StoreFixture {
    static final Duration TTL = Duration.ofSeconds(30);
    static final String NODE_A = "node-a";
    static final String NODE_B = "node-b";

    UUID acctId;

    @BeforeEach
    void givenReplicationAccount() {
        acctId = givenAccount();
    }

    // ---- the lease ----

    @Test
    void aFreeLeaseIsTakenForItsHolderAndScanUntilNowPlusTtl() {
        UUID scanId = UUID.randomUUID();

        assertThat(acquire(store, acctId, NODE_A, scanId, T0)).isTrue();

        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_A, scanId, T0 + 30));
    }

    @Test
    void aLiveLeaseIsRefusedToEveryoneIncludingItsOwnHolderUntilItExpires() {
        UUID scanId = UUID.randomUUID();
        acquire(store, acctId, NODE_A, scanId, T0);
        Store nodeB = openNode();

        assertThat(acquire(nodeB, acctId, NODE_B, UUID.randomUUID(), T0 + 29)).isFalse();
        assertThat(acquire(store, acctId, NODE_A, UUID.randomUUID(), T0 + 29)).isFalse();
        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_A, scanId, T0 + 30));

        UUID takeover = UUID.randomUUID();
        assertThat(acquire(nodeB, acctId, NODE_B, takeover, T0 + 30)).as("expired at expires_at").isTrue();
        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_B, takeover, T0 + 60));
    }

    @Test
    void anExpiredLeaseIsTakenOverByAnotherNodeAndTheOldHolderLosesEveryRight() {
        acquire(store, acctId, NODE_A, UUID.randomUUID(), T0);
        Store nodeB = openNode();
        UUID takeover = UUID.randomUUID();

        assertThat(acquire(nodeB, acctId, NODE_B, takeover, T0 + 45)).isTrue();

        assertThat(renew(store, acctId, NODE_A, T0 + 46)).as("old holder's renew").isFalse();
        assertThat(lockIfHeld(store, acctId, NODE_A, T0 + 46)).as("old holder's write fence").isFalse();
        assertThat(release(store, acctId, NODE_A)).as("old holder's release").isFalse();
        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_B, takeover, T0 + 75));
        assertThat(renew(nodeB, acctId, NODE_B, T0 + 46)).isTrue();
        assertThat(lockIfHeld(nodeB, acctId, NODE_B, T0 + 46)).isTrue();
    }

    @Test
    void renewExtendsTheHoldersLiveLeaseFromNow() {
        UUID scanId = UUID.randomUUID();
        acquire(store, acctId, NODE_A, scanId, T0);

        assertThat(renew(store, acctId, NODE_A, T0 + 29)).isTrue();

        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_A, scanId, T0 + 59));
        assertThat(acquire(openNode(), acctId, NODE_B, UUID.randomUUID(), T0 + 58)).isFalse();
        assertThat(renew(store, acctId, NODE_B, T0 + 30)).as("renew by a non-holder").isFalse();
        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_A, scanId, T0 + 59));
    }

    @Test
    void anExpiredLeaseCannotBeRenewedEvenBeforeAnyoneTakesItOver() {
        UUID scanId = UUID.randomUUID();
        acquire(store, acctId, NODE_A, scanId, T0);

        assertThat(renew(store, acctId, NODE_A, T0 + 30)).isFalse();
        assertThat(lockIfHeld(store, acctId, NODE_A, T0 + 30)).isFalse();

        assertThat(lease(acctId)).contains(new ReplicationLeaseRecord(acctId, NODE_A, scanId, T0 + 30));
    }

    @Test
    void lockIfHeldIsTrueOnlyForTheLiveHolder() {
        acquire(store, acctId, NODE_A, UUID.randomUUID(), T0);

        assertThat(lockIfHeld(store, acctId, NODE_A, T0 + 29)).isTrue();
        assertThat(lockIfHeld(store, acctId, NODE_B, T0 + 29)).isFalse();
        assertThat(lockIfHeld(store, givenAccount(), NODE_A, T0 + 29)).as("another account").isFalse();
    }

    @Test
    void aTakeoverWaitsForTheOldHoldersFencedWriteToCommit() throws Exception {
        acquire(store, acctId, NODE_A, UUID.randomUUID(), T0);
        Store nodeB = openNode();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch fenced = new CountDownLatch(1);
        ExecutorService oldHolder = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> write = oldHolder.submit(() -> store.transaction(tx -> {
                boolean held = tx.leases().lockIfHeld(acctId, NODE_A, T0 + 29);
                fenced.countDown();
                // Gives a fence that does not lock the time to let the takeover through first; a
                // fence that locks makes the takeover wait whatever the timing.
                sleep(Duration.ofMillis(500));
                events.add("old holder's write");
                return held;
            }));
            fenced.await();

            assertThat(acquire(nodeB, acctId, NODE_B, UUID.randomUUID(), T0 + 30)).isTrue();
            events.add("takeover");

            assertThat(write.get(1, TimeUnit.MINUTES)).isTrue();
        } finally {
            oldHolder.shutdownNow();
        }
        assertThat(events).containsExactly("old holder's write", "takeover");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void releaseFreesTheLeaseOnlyForItsHolder() {
        acquire(store, acctId, NODE_A, UUID.randomUUID(), T0);

        assertThat(release(store, acctId, NODE_B)).isFalse();
        assertThat(lease(acctId)).isPresent();
        assertThat(release(store, acctId, NODE_A)).isTrue();

        assertThat(lease(acctId)).isEmpty();
        assertThat(release(store, acctId, NODE_A)).isFalse();
        assertThat(acquire(openNode(), acctId, NODE_B, UUID.randomUUID(), T0 + 1)).isTrue();
    }

    @Test
    void leasesOfDifferentAccountsAreIndependent() {
        UUID other = givenAccount();
        acquire(store, acctId, NODE_A, UUID.randomUUID(), T0);

        assertThat(acquire(store, other, NODE_B, UUID.randomUUID(), T0 + 1)).isTrue();
        assertThat(renew(store, other, NODE_A, T0 + 1)).isFalse();
        assertThat(release(store, acctId, NODE_A)).isTrue();
        assertThat(lease(other)).map(ReplicationLeaseRecord::holder).contains(NODE_B);
    }

    @Test
    void aLeaseNeedsAnExistingAccountAndATtlOfAtLeastOneSecond() {
        assertThatThrownBy(() -> acquire(store, UUID.randomUUID(), NODE_A, UUID.randomUUID(), T0))
                .isInstanceOf(UnableToExecuteStatementException.class);
        assertThatThrownBy(() -> store.transaction(tx -> tx.leases()
                .tryAcquire(acctId, NODE_A, UUID.randomUUID(), T0, Duration.ofMillis(999))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lease(acctId)).isEmpty();
    }

    @Test
    void concurrentCallersOnOneNodeTakeAFreeLeaseExactlyOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            assertExactlyOneAcquires(givenAccount(), i -> store, T0);
        }
    }

    @Test
    void concurrentCallersOnTwoNodesTakeAFreeLeaseExactlyOnce() throws Exception {
        Store nodeB = openNode();
        for (int round = 0; round < 3; round++) {
            assertExactlyOneAcquires(givenAccount(), i -> i % 2 == 0 ? store : nodeB, T0);
        }
    }

    @Test
    void concurrentCallersOnTwoNodesTakeOverAnExpiredLeaseExactlyOnce() throws Exception {
        Store nodeB = openNode();
        for (int round = 0; round < 3; round++) {
            UUID account = givenAccount();
            acquire(store, account, "dead-node", UUID.randomUUID(), T0);
            assertExactlyOneAcquires(account, i -> i % 2 == 0 ? store : nodeB, T0 + 30);
        }
    }

    /** Every caller is its own holder with its own scan; exactly one may win, and the lease must name it. */
    private void assertExactlyOneAcquires(UUID account, IntFunction<Store> nodeFor, long now) throws Exception {
        List<UUID> scans = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CALLERS; i++) {
            scans.add(UUID.randomUUID());
        }

        List<Boolean> results = concurrently(i -> () -> acquire(nodeFor.apply(i), account, "holder-" + i,
                scans.get(i), now));

        assertThat(results).as("callers told they hold the lease").containsOnlyOnce(true);
        int winner = results.indexOf(true);
        assertThat(lease(account)).contains(new ReplicationLeaseRecord(account, "holder-" + winner,
                scans.get(winner), now + 30));
    }

    // ---- scans ----

    @Test
    void aStartedScanRoundTripsAndRunsWhileItsLeaseLives() {
        ReplicationScanRecord scan = startScan(store, acctId, NODE_A, Trigger.MANUAL, T0);

        assertThat(stored(scan)).contains(scan);
        assertThat(scan).returns(false, ReplicationScanRecord::finished)
                .returns(ReplicationScanCounts.NONE, ReplicationScanRecord::counts);
        assertThat(running(acctId, T0 + 29)).contains(scan);
        assertThat(running(acctId, T0 + 30)).as("lease expired: its node is presumed dead").isEmpty();
        assertThat(running(givenAccount(), T0 + 1)).isEmpty();
    }

    @Test
    void anUnfinishedScanWithoutTheLeaseIsNotRunning() {
        ReplicationScanRecord orphan = insertScan(ReplicationScanRecord.started(UUID.randomUUID(), acctId, Trigger.AUTO,
                NODE_A, T0));
        assertThat(running(acctId, T0 + 1)).isEmpty();

        acquire(store, acctId, NODE_B, UUID.randomUUID(), T0 + 1);

        assertThat(running(acctId, T0 + 2)).as("the lease covers another scan").isEmpty();
        assertThat(stored(orphan)).contains(orphan);
    }

    @Test
    void progressIsRecordedWhileRunningAndFrozenOnceFinished() {
        ReplicationScanRecord scan = startScan(store, acctId, NODE_A, Trigger.AUTO, T0);
        ReplicationScanCounts halfway = new ReplicationScanCounts(2, 500, 300, 1, 0, 4);
        ReplicationScanCounts done = new ReplicationScanCounts(3, 1000, 600, 2, 7, 9);

        assertThat(updateProgress(scan.scanId(), halfway)).isTrue();
        assertThat(stored(scan).orElseThrow().counts()).isEqualTo(halfway);
        assertThat(finish(scan.scanId(), T0 + 20, null, done)).isTrue();

        assertThat(updateProgress(scan.scanId(), halfway)).isFalse();
        assertThat(stored(scan).orElseThrow().counts()).isEqualTo(done);
        assertThat(updateProgress(UUID.randomUUID(), halfway)).as("unknown scan").isFalse();
    }

    @Test
    void countsBeyondThirtyTwoBitsRoundTrip() {
        ReplicationScanRecord scan = startScan(store, acctId, NODE_A, Trigger.AUTO, T0);
        ReplicationScanCounts huge = new ReplicationScanCounts(3_000_000_001L, 3_000_000_002L, 3_000_000_003L,
                3_000_000_004L, 3_000_000_005L, 3_000_000_006L);

        finish(scan.scanId(), T0 + 1, null, huge);

        assertThat(stored(scan).orElseThrow().counts()).isEqualTo(huge);
    }

    @Test
    void aScanIsFinishedOnceAndNeverRewritten() {
        ReplicationScanRecord scan = startScan(store, acctId, NODE_A, Trigger.MANUAL, T0);
        ReplicationScanCounts counts = new ReplicationScanCounts(1, 10, 10, 0, 0, 0);

        assertThat(finish(scan.scanId(), T0 + 5, "source unreachable: connection refused", counts)).isTrue();
        assertThat(finish(scan.scanId(), T0 + 9, null, ReplicationScanCounts.NONE)).isFalse();

        assertThat(stored(scan)).contains(new ReplicationScanRecord(scan.scanId(), acctId, Trigger.MANUAL,
                NODE_A, T0, T0 + 5, "source unreachable: connection refused", counts));
    }

    @Test
    void latestListsNewestFirstUpToTheLimitWithTheRunningScanFirstWithinASecond() {
        ReplicationScanRecord first = finished(startScan(store, acctId, NODE_A, Trigger.AUTO, T0), T0 + 10, null);
        ReplicationScanRecord failed = finished(startScan(store, acctId, NODE_A, Trigger.MANUAL, T0 + 20), T0 + 30,
                "source certificate not trusted");
        // Finished and started again within one second: the running scan is the newer one.
        ReplicationScanRecord quick = finished(startScan(store, acctId, NODE_A, Trigger.MANUAL, T0 + 40), T0 + 40,
                null);
        ReplicationScanRecord running = startScan(store, acctId, NODE_A, Trigger.AUTO, T0 + 40);
        startScan(store, givenAccount(), NODE_A, Trigger.AUTO, T0 + 50);

        assertThat(latest(acctId, 10)).containsExactly(running, quick, failed, first);
        assertThat(latest(acctId, 2)).containsExactly(running, quick);
        assertThat(latest(givenAccount(), 10)).isEmpty();
        assertThatThrownBy(() -> latest(acctId, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lastCompletedIsTheLastFinishedAndLastSuccessfulTheLastWithoutError() {
        assertThat(lastCompleted(acctId)).isEmpty();
        assertThat(lastSuccessful(acctId)).isEmpty();

        ReplicationScanRecord success = finished(startScan(store, acctId, NODE_A, Trigger.AUTO, T0), T0 + 10, null);
        ReplicationScanRecord failure = finished(startScan(store, acctId, NODE_A, Trigger.AUTO, T0 + 20), T0 + 30,
                "app removed on the source");
        ReplicationScanRecord running = startScan(store, acctId, NODE_A, Trigger.MANUAL, T0 + 40);

        assertThat(lastCompleted(acctId)).contains(failure);
        assertThat(lastSuccessful(acctId)).contains(success);
        assertThat(running(acctId, T0 + 41)).contains(running);
    }

    @Test
    void lastCompletedFollowsTheFinishTimeNotTheStartTime() {
        ReplicationScanRecord longer = startScan(store, acctId, NODE_A, Trigger.AUTO, T0);
        ReplicationScanRecord shorter = insertScan(ReplicationScanRecord.started(UUID.randomUUID(), acctId,
                Trigger.MANUAL, NODE_B, T0 + 5));
        ReplicationScanRecord shorterDone = finished(shorter, T0 + 10, null);
        ReplicationScanRecord longerDone = finished(longer, T0 + 50, null);

        assertThat(lastCompleted(acctId)).contains(longerDone);
        assertThat(lastSuccessful(acctId)).contains(longerDone);
        assertThat(latest(acctId, 2)).containsExactly(shorterDone, longerDone);
    }

    @Test
    void aTakeoverInterruptsTheDeadNodesScanWhichCannotBeFinishedLate() {
        ReplicationScanRecord deadNodesScan = startScan(store, acctId, NODE_A, Trigger.AUTO, T0);
        updateProgress(deadNodesScan.scanId(), new ReplicationScanCounts(1, 40, 40, 0, 0, 0));
        Store nodeB = openNode();

        ReplicationScanRecord takeover = startScan(nodeB, acctId, NODE_B, Trigger.AUTO, T0 + 31);

        ReplicationScanRecord interrupted = new ReplicationScanRecord(deadNodesScan.scanId(), acctId, Trigger.AUTO,
                NODE_A, T0, T0 + 31, "interrupted: node node-a lost its lease",
                new ReplicationScanCounts(1, 40, 40, 0, 0, 0));
        assertThat(ReplicationScanDao.interruptedMessage(NODE_A)).isEqualTo(interrupted.errorMessage());
        assertThat(stored(deadNodesScan)).contains(interrupted);
        assertThat(running(acctId, T0 + 32)).contains(takeover);
        assertThat(lastCompleted(acctId)).contains(interrupted);
        assertThat(lastSuccessful(acctId)).isEmpty();

        // The old node wakes up: it may neither finish its scan nor report progress.
        assertThat(finish(deadNodesScan.scanId(), T0 + 40, null, ReplicationScanCounts.NONE)).isFalse();
        assertThat(updateProgress(deadNodesScan.scanId(), ReplicationScanCounts.NONE)).isFalse();
        assertThat(stored(deadNodesScan)).contains(interrupted);
    }

    @Test
    void interruptAbandonedLeavesTheLeasedScanFinishedScansAndOtherAccountsAlone() {
        ReplicationScanRecord done = finished(startScan(store, acctId, NODE_A, Trigger.AUTO, T0), T0 + 5, null);
        ReplicationScanRecord live = startScan(store, acctId, NODE_A, Trigger.AUTO, T0 + 10);
        UUID other = givenAccount();
        ReplicationScanRecord othersOrphan = insertScan(ReplicationScanRecord.started(UUID.randomUUID(), other,
                Trigger.AUTO, NODE_B, T0));

        assertThat(interruptAbandoned(acctId, T0 + 39)).isZero();

        assertThat(stored(done)).contains(done);
        assertThat(stored(live)).contains(live);
        assertThat(stored(othersOrphan)).contains(othersOrphan);
        assertThat(interruptAbandoned(acctId, T0 + 40)).as("once its lease expired").isEqualTo(1);
        assertThat(stored(live).orElseThrow().errorMessage())
                .isEqualTo(ReplicationScanDao.interruptedMessage(NODE_A));
    }

    @Test
    void theSchemaRefusesAnErrorMessageOnAnUnfinishedScan() {
        ReplicationScanRecord impossible = new ReplicationScanRecord(UUID.randomUUID(), acctId, Trigger.AUTO, NODE_A,
                T0, null, "failed but still running?", ReplicationScanCounts.NONE);

        assertThatThrownBy(() -> insertScan(impossible)).isInstanceOf(UnableToExecuteStatementException.class);

        assertThat(latest(acctId, 10)).isEmpty();
    }

    @Test
    void deletingAnAccountDeletesItsScansAndLeaseOnly() {
        ReplicationScanRecord doomedScan = startScan(store, acctId, NODE_A, Trigger.AUTO, T0);
        UUID kept = givenAccount();
        ReplicationScanRecord keptScan = startScan(store, kept, NODE_A, Trigger.AUTO, T0);

        store.transaction(tx -> {
            tx.accounts().delete(acctId);
            return null;
        });

        assertThat(stored(doomedScan)).isEmpty();
        assertThat(lease(acctId)).isEmpty();
        assertThat(stored(keptScan)).contains(keptScan);
        assertThat(lease(kept)).map(ReplicationLeaseRecord::scanId).contains(keptScan.scanId());
    }

    // ---- source claims: one replica per source account ----

    static final String ORIGIN = "https://source.example:8443";
    static final UUID SOURCE = UUID.fromString("5e4f1c2a-0000-4000-8000-00000000acc7");

    @Test
    void aClaimIsTakenOnceAndClaimingItAgainKeepsIt() {
        assertThat(claim(store, acctId, ORIGIN, SOURCE, T0)).isEmpty();

        assertThat(claim(store, acctId, ORIGIN, SOURCE, T0 + 60)).as("claimed again").isEmpty();

        assertThat(claimOf(acctId)).contains(new ReplicationSourceClaimRecord(acctId, ORIGIN, SOURCE, T0));
    }

    @Test
    void anotherAccountsClaimOfAClaimedSourceIsRefusedAndNamesTheHolder() {
        claim(store, acctId, ORIGIN, SOURCE, T0);
        UUID other = givenAccount();

        assertThat(claim(openNode(), other, ORIGIN, SOURCE, T0 + 1))
                .contains(new ReplicationSourceClaimRecord(acctId, ORIGIN, SOURCE, T0));

        assertThat(claimOf(other)).isEmpty();
        assertThat(claimOf(acctId)).contains(new ReplicationSourceClaimRecord(acctId, ORIGIN, SOURCE, T0));
    }

    @Test
    void theSameAccountIdAtAnotherOriginAndAnotherAccountAtTheSameOriginAreOtherSources() {
        claim(store, acctId, ORIGIN, SOURCE, T0);
        UUID elsewhere = givenAccount();
        UUID neighbour = givenAccount();
        UUID otherSource = UUID.randomUUID();

        assertThat(claim(store, elsewhere, "https://other.example:443", SOURCE, T0)).isEmpty();
        assertThat(claim(store, neighbour, ORIGIN, otherSource, T0)).isEmpty();

        assertThat(claimOf(neighbour)).contains(new ReplicationSourceClaimRecord(neighbour, ORIGIN, otherSource, T0));
    }

    @Test
    void anAccountHoldsOneClaimAndIsToldWhichWhenItFindsAnotherSource() {
        claim(store, acctId, ORIGIN, SOURCE, T0);

        assertThat(claim(store, acctId, ORIGIN, UUID.randomUUID(), T0 + 1))
                .contains(new ReplicationSourceClaimRecord(acctId, ORIGIN, SOURCE, T0));
        assertThat(claim(store, acctId, "https://other.example:443", SOURCE, T0 + 1))
                .contains(new ReplicationSourceClaimRecord(acctId, ORIGIN, SOURCE, T0));

        assertThat(claimOf(acctId)).contains(new ReplicationSourceClaimRecord(acctId, ORIGIN, SOURCE, T0));
    }

    @Test
    void aReleasedClaimMayBeTakenByAnotherAccount() {
        claim(store, acctId, ORIGIN, SOURCE, T0);
        UUID other = givenAccount();

        assertThat(releaseClaim(acctId)).isTrue();
        assertThat(releaseClaim(acctId)).as("released twice").isFalse();

        assertThat(claim(store, other, ORIGIN, SOURCE, T0 + 1)).isEmpty();
        assertThat(claimOf(acctId)).isEmpty();
    }

    @Test
    void deletingAnAccountReleasesItsClaimOnly() {
        claim(store, acctId, ORIGIN, SOURCE, T0);
        UUID kept = givenAccount();
        claim(store, kept, ORIGIN, UUID.randomUUID(), T0);

        store.transaction(tx -> {
            tx.accounts().delete(acctId);
            return null;
        });

        assertThat(claimOf(acctId)).isEmpty();
        assertThat(claimOf(kept)).isPresent();
        assertThat(claim(store, givenAccount(), ORIGIN, SOURCE, T0 + 1)).isEmpty();
    }

    @Test
    void theSchemaRefusesASecondClaimOfOneSourceAndAClaimWithoutAnAccount() {
        claim(store, acctId, ORIGIN, SOURCE, T0);
        UUID other = givenAccount();

        assertThatThrownBy(() -> executeRaw("INSERT INTO replication_source_claims VALUES ('" + other + "', '"
                + ORIGIN + "', '" + SOURCE + "', 0)")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> executeRaw("INSERT INTO replication_source_claims VALUES ('" + UUID.randomUUID()
                + "', '" + ORIGIN + "', '" + UUID.randomUUID() + "', 0)")).isInstanceOf(SQLException.class);

        assertThat(claimOf(other)).isEmpty();
    }

    @Test
    void accountsRacingOnTwoNodesForOneSourceLeaveExactlyOneClaim() throws Exception {
        Store nodeB = openNode();
        for (int round = 0; round < 3; round++) {
            UUID source = UUID.randomUUID();
            List<UUID> accounts = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_CALLERS; i++) {
                accounts.add(givenAccount());
            }

            List<Optional<ReplicationSourceClaimRecord>> results = concurrently(i -> () ->
                    claim(i % 2 == 0 ? store : nodeB, accounts.get(i), ORIGIN, source, T0));

            List<UUID> winners = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).isEmpty()) {
                    winners.add(accounts.get(i));
                }
            }
            assertThat(winners).as("round %d: callers told they hold the claim", round).hasSize(1);
            ReplicationSourceClaimRecord winner = new ReplicationSourceClaimRecord(winners.get(0), ORIGIN, source, T0);
            assertThat(results).as("every loser is told the winner")
                    .allMatch(r -> r.isEmpty() || r.get().equals(winner));
            assertThat(accounts.stream().map(this::claimOf).filter(Optional::isPresent).map(Optional::get))
                    .containsExactly(winner);
        }
    }

    Optional<ReplicationSourceClaimRecord> claim(Store node, UUID account, String origin, UUID source, long now) {
        return node.transaction(tx -> tx.sourceClaims().claim(new ReplicationSourceClaimRecord(account, origin,
                source, now)));
    }

    boolean releaseClaim(UUID account) {
        return store.transaction(tx -> tx.sourceClaims().release(account));
    }

    Optional<ReplicationSourceClaimRecord> claimOf(UUID account) {
        return store.read(tx -> tx.sourceClaims().byAccount(account));
    }

    // ---- how the engine uses the DAOs, one transaction per step ----

    /** Starts a scan as the engine does: the lease, the previous holder's verdict and the scan row in one transaction. */
    ReplicationScanRecord startScan(Store node, UUID account, String holder, Trigger trigger, long now) {
        ReplicationScanRecord scan = ReplicationScanRecord.started(UUID.randomUUID(), account, trigger, holder, now);
        boolean started = node.transaction(tx -> {
            if (!tx.leases().tryAcquire(account, holder, scan.scanId(), now, TTL)) {
                return false;
            }
            tx.scans().interruptAbandoned(account, now);
            tx.scans().insert(scan);
            return true;
        });
        assertThat(started).as("scan started").isTrue();
        return scan;
    }

    /** Finishes the scan with its current counts and gives its lease up, as the engine does at the end. */
    ReplicationScanRecord finished(ReplicationScanRecord scan, long finishedAt, String errorMessage) {
        store.transaction(tx -> {
            assertThat(tx.scans().finish(scan.scanId(), finishedAt, errorMessage, scan.counts())).isTrue();
            tx.leases().release(scan.acctId(), scan.nodeId());
            return null;
        });
        return new ReplicationScanRecord(scan.scanId(), scan.acctId(), scan.trigger(), scan.nodeId(),
                scan.startedAt(), finishedAt, errorMessage, scan.counts());
    }

    // ---- one DAO call per transaction; typed, so AssertJ's assertThat overloads resolve ----

    boolean acquire(Store node, UUID account, String holder, UUID scanId, long now) {
        return node.transaction(tx -> tx.leases().tryAcquire(account, holder, scanId, now, TTL));
    }

    boolean renew(Store node, UUID account, String holder, long now) {
        return node.transaction(tx -> tx.leases().renew(account, holder, now, TTL));
    }

    boolean lockIfHeld(Store node, UUID account, String holder, long now) {
        return node.transaction(tx -> tx.leases().lockIfHeld(account, holder, now));
    }

    boolean release(Store node, UUID account, String holder) {
        return node.transaction(tx -> tx.leases().release(account, holder));
    }

    Optional<ReplicationLeaseRecord> lease(UUID account) {
        return store.read(tx -> tx.leases().lease(account));
    }

    ReplicationScanRecord insertScan(ReplicationScanRecord scan) {
        store.transaction(tx -> {
            tx.scans().insert(scan);
            return null;
        });
        return scan;
    }

    boolean updateProgress(UUID scanId, ReplicationScanCounts counts) {
        return store.transaction(tx -> tx.scans().updateProgress(scanId, counts));
    }

    boolean finish(UUID scanId, long finishedAt, String errorMessage, ReplicationScanCounts counts) {
        return store.transaction(tx -> tx.scans().finish(scanId, finishedAt, errorMessage, counts));
    }

    int interruptAbandoned(UUID account, long now) {
        return store.transaction(tx -> tx.scans().interruptAbandoned(account, now));
    }

    /** The scan's row as stored now. */
    Optional<ReplicationScanRecord> stored(ReplicationScanRecord scan) {
        return store.read(tx -> tx.scans().byId(scan.acctId(), scan.scanId()));
    }

    List<ReplicationScanRecord> latest(UUID account, int limit) {
        return store.read(tx -> tx.scans().latest(account, limit));
    }

    Optional<ReplicationScanRecord> lastCompleted(UUID account) {
        return store.read(tx -> tx.scans().lastCompleted(account));
    }

    Optional<ReplicationScanRecord> lastSuccessful(UUID account) {
        return store.read(tx -> tx.scans().lastSuccessful(account));
    }

    Optional<ReplicationScanRecord> running(UUID account, long now) {
        return store.read(tx -> tx.scans().running(account, now));
    }

    // ---- test data ----

    /** A replication account with its administrator. */
    UUID givenAccount() {
        UserRecord admin = new UserRecord(UUID.randomUUID(), UUID.randomUUID() + "@example.com", "hash", null, null,
                T0, null, 0, 0);
        AccountRecord account = new AccountRecord(UUID.randomUUID(), "replica", null, true, PurposeKind.ACCOUNT_REPLICATION,
                PurposeKind.ACCOUNT_REPLICATION, "https://source.example:8443", 12, null, T0);
        store.transaction(tx -> {
            assertThat(tx.users().insert(admin)).isTrue();
            tx.accounts().insert(account, admin.userId(), AccountRole.ACCOUNTADMINISTRATOR);
            return null;
        });
        return account.acctId();
    }
}
