package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.server.access.AccountRole;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.domain.Purpose;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.service.AccountChanges;
import io.replikey.server.service.AccountService;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.GroupRecord;
import io.replikey.server.store.KeysetStart;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.ReplicationScanCounts;
import io.replikey.server.store.ReplicationScanRecord;
import io.replikey.server.store.ReplicationSourceClaimRecord;
import io.replikey.server.store.SecurityObjectFilter;
import io.replikey.server.store.SecurityObjectRecord;
import io.replikey.server.store.SecurityObjectSort;
import io.replikey.server.store.Store;
import io.replikey.server.store.UserRecord;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication engine against the stand-in DSM source over real mutual TLS, writing to a real
 * store (SQLite and PostgreSQL subclasses): what lands, what a rescan exports, propagation, faults
 * and the lease between two nodes on one database.
 */
abstract class ReplicationEngineContract {
    private static final TestPki.Identity CA = TestPki.ca("stand-in CA");
    private static final TestPki.Identity SERVER = TestPki.server(CA, "localhost", "127.0.0.1");
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private String databaseUrl;
    private final UUID appId = UUID.randomUUID();
    private final TestPki.Identity credential = TestPki.credential(CredentialKeyType.EC_P256);
    private final KeySealer sealer = KeySealer.of(MasterKey.of(new SecureRandom().generateSeed(32), 1));
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** Each replication account's administrator, who changes it through {@link AccountService}. */
    private final Map<UUID, UUID> administrators = new HashMap<>();
    private Store store;
    private StandInSource source;
    private UUID acctId;

    @BeforeEach
    void startSourceAndDestination() throws Exception {
        databaseUrl = newEmptyDatabase();
        store = open();
        source = new StandInSource(SERVER, 4, 12);
        closeables.add(source);
        source.registerApp(appId, credential.certificate());
        source.maxPage(5);
        acctId = givenReplicationAccount(source.url().toString());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void aFullScanLandsGroupsAndObjectsWithTheirIdsFieldsAndMaterial() {
        ReplicationScanRecord scan = scanOnce(engine(CA.certificate()));

        assertThat(scan.errorMessage()).isNull();
        assertThat(scan.counts()).isEqualTo(new ReplicationScanCounts(4, 12, 12, 0, 0, 0));
        List<GroupRecord> groups = store.read(tx -> tx.groups().list(acctId, null, null, 0, 100));
        assertThat(groups).extracting(GroupRecord::groupId).containsExactlyElementsOf(source.groupIds());
        GroupRecord firstGroup = groups.get(0);
        int groupIndex = source.groupIds().indexOf(firstGroup.groupId());
        assertThat(firstGroup.name()).isEqualTo("group " + groupIndex);
        assertThat(firstGroup.description()).isEqualTo("stand-in group " + groupIndex);
        assertThat(firstGroup.customMetadata()).isEqualTo(Map.of("site", "eu-" + groupIndex));
        assertThat(firstGroup.createdAt()).isEqualTo(Instant.parse("2026-01-26T10:15:00Z").getEpochSecond());

        List<SecurityObjectRecord> objects = objects();
        assertThat(objects).extracting(SecurityObjectRecord::kid).containsExactlyElementsOf(source.kids());
        for (SecurityObjectRecord object : objects) {
            int index = source.kids().indexOf(object.kid());
            assertThat(object.name()).isEqualTo("key " + index);
            assertThat(object.groupId()).isEqualTo(source.groupIds().get(index % 4));
            assertThat(object.enabled()).isEqualTo(index % 7 != 0);
            assertThat(object.state()).isEqualTo("Active");
            assertThat(object.origin()).isEqualTo("FortanixHSM");
            assertThat(object.keyOps()).containsExactly("ENCRYPT", "DECRYPT", "APPMANAGEABLE", "EXPORT", "HIGHVOLUME");
            assertThat(object.customMetadata()).isEqualTo(Map.of("owner", "team-" + (index % 5)));
            assertThat(object.description()).isEqualTo("stand-in key " + index);
            assertThat(object.kcv()).isEqualTo(String.format("%06x", index));
            assertThat(object.creator().kind()).isEqualTo("app");
            assertThat(unsealed(object)).isEqualTo(StandInSource.material(object.kid()));
        }
        SecurityObjectRecord ec = objects.get(source.kids().indexOf(source.kids().stream()
                .filter(kid -> source.kids().indexOf(kid) % 5 == 3).findFirst().orElseThrow()));
        assertThat(ec.objType()).isEqualTo("EC");
        assertThat(ec.ellipticCurve()).isEqualTo("NistP256");
        assertThat(ec.pubKey()).isNotEmpty();
        assertThat(objects).filteredOn(o -> o.objType().equals("LEDABETA")).allMatch(o -> o.keySize() == 1024);
    }

    @Test
    void aRescanOfAnUnchangedSourceExportsNothingAndWritesNothing() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        int before = exports();

        ReplicationScanRecord rescan = scanOnce(engine);

        assertThat(rescan.errorMessage()).isNull();
        assertThat(exports()).isEqualTo(before);
        assertThat(rescan.counts()).isEqualTo(new ReplicationScanCounts(4, 12, 0, 0, 0, 0));
    }

    @Test
    void anObjectWhoseMaterialChangedIsExportedAgainAndUpdated() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        UUID changed = source.kids().get(2);
        source.changeMaterial(changed);
        int before = exports();

        ReplicationScanRecord rescan = scanOnce(engine);

        assertThat(rescan.counts()).isEqualTo(new ReplicationScanCounts(4, 12, 0, 1, 0, 0));
        assertThat(exports() - before).as("exports of the rescan").isEqualTo(1);
        SecurityObjectRecord stored = object(changed).orElseThrow();
        assertThat(unsealed(stored)).isEqualTo(source.currentMaterial(changed))
                .isNotEqualTo(StandInSource.material(changed));
        assertThat(stored.kcv()).isEqualTo(String.format("%06x", 2 + 0x10000));
    }

    @Test
    void namesSwappedOnTheSourceAreSwappedOnTheReplica() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        UUID first = source.kids().get(0);
        UUID second = source.kids().get(1);
        source.rename(first, "key 1");
        source.rename(second, "key 0");

        ReplicationScanRecord rescan = scanOnce(engine);

        assertThat(rescan.errorMessage()).isNull();
        assertThat(rescan.counts().updated()).isEqualTo(2);
        assertThat(object(first).orElseThrow().name()).isEqualTo("key 1");
        assertThat(object(second).orElseThrow().name()).isEqualTo("key 0");
    }

    @Test
    void objectsAndGroupsDeletedOnTheSourceAreRemoved() {
        ReplicationEngine engine = engine(CA.certificate());
        source = replaceSource(4, 3); // group 3 holds no object
        scanOnce(engine);
        UUID deletedKid = source.kids().get(1);
        UUID deletedGroup = source.groupIds().get(3);
        source.delete(deletedKid);
        source.delete(deletedGroup);

        ReplicationScanRecord rescan = scanOnce(engine);

        assertThat(rescan.errorMessage()).isNull();
        assertThat(rescan.counts()).isEqualTo(new ReplicationScanCounts(3, 2, 0, 0, 1, 0));
        assertThat(object(deletedKid)).isEmpty();
        assertThat(group(deletedGroup)).isEmpty();
        assertThat(objects()).hasSize(2);
    }

    @Test
    void anObjectTheSourceRefusesToExportIsRecordedWithItsMetadataAndCounted() {
        UUID refused = source.kids().get(4);
        source.refuseExport(refused, 403);

        ReplicationScanRecord scan = scanOnce(engine(CA.certificate()));

        assertThat(scan.errorMessage()).isNull();
        assertThat(scan.counts().unexportable()).isEqualTo(1);
        assertThat(scan.counts().created()).isEqualTo(12);
        SecurityObjectRecord stored = object(refused).orElseThrow();
        assertThat(stored.hasMaterial()).isFalse();
        assertThat(stored.masterKeyVersion()).isNull();
        assertThat(stored.name()).isEqualTo("key 4");
        assertThat(stored.kcv()).isEqualTo(String.format("%06x", 4));
    }

    /** The page's last object was the one that flushed the last write batch; gone, it must not take the batch with it. */
    @Test
    void theObjectsBeforeAnObjectGoneAtExportAreWrittenEvenWhenItEndsThePage() {
        List<UUID> kids = source.kids();
        UUID gone = kids.get(kids.size() - 1);
        source.goneAtExport(gone);

        ReplicationScanRecord scan = scanOnce(engine(CA.certificate()));

        assertThat(scan.errorMessage()).isNull();
        assertThat(object(gone)).isEmpty();
        assertThat(objects()).hasSize(kids.size() - 1);
        assertThat(scan.counts().created()).isEqualTo(kids.size() - 1);
    }

    @Test
    void aRescanCountsAnObjectTheSourceStillRefusesAgain() {
        ReplicationEngine engine = engine(CA.certificate());
        UUID refused = source.kids().get(4);
        source.refuseExport(refused, 400);
        scanOnce(engine);

        ReplicationScanRecord rescan = scanOnce(engine);

        assertThat(rescan.counts()).isEqualTo(new ReplicationScanCounts(4, 12, 0, 0, 0, 1));
        assertThat(object(refused).orElseThrow().hasMaterial()).isFalse();
    }

    @Test
    void anUnreachableSourceIsRecordedAndChangesNothing() {
        ReplicationEngine engine = engine(CA.certificate());
        source.close();

        ReplicationScanRecord scan = scanOnce(engine);

        assertThat(scan.errorMessage()).startsWith("cannot reach https://127.0.0.1:");
        assertThat(objects()).isEmpty();
    }

    @Test
    void aSourceCertificateTheOperatorDoesNotTrustIsRecorded() {
        ReplicationScanRecord scan = scanOnce(engine());

        assertThat(scan.errorMessage()).contains("not trusted");
        assertThat(source.requests()).isEmpty();
        assertThat(objects()).isEmpty();
    }

    @Test
    void anAppRemovedOnTheSourceIsRecordedAndTheReplicaIsKept() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        source.removeApp(appId);

        ReplicationScanRecord scan = scanOnce(engine);

        assertThat(scan.errorMessage()).contains("refused the credential").contains("Invalid app credentials");
        assertThat(objects()).hasSize(12);
    }

    @Test
    void aPageThatFailsOnceFailsTheScanWithoutRemovingAnythingAndTheNextScanConverges() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        UUID deleted = source.kids().get(0);
        source.delete(deleted);
        source.changeMaterial(source.kids().get(11));
        source.failOnce("keys offset 5");

        ReplicationScanRecord failed = scanOnce(engine);

        assertThat(failed.errorMessage()).contains("/crypto/v1/keys answered 503");
        assertThat(object(deleted)).as("not removed after an incomplete listing").isPresent();
        assertThat(objects()).hasSize(12).allMatch(SecurityObjectRecord::hasMaterial);

        ReplicationScanRecord next = scanOnce(engine);

        assertThat(next.errorMessage()).isNull();
        assertThat(next.counts()).isEqualTo(new ReplicationScanCounts(4, 11, 0, 1, 1, 0));
        assertThat(object(deleted)).isEmpty();
        assertThat(unsealed(object(source.kids().get(11)).orElseThrow()))
                .isEqualTo(source.currentMaterial(source.kids().get(11)));
    }

    @Test
    void aSourceStoppedInTheMiddleOfTheListingFailsTheScanKeepsWholeObjectsAndTheNextScanConverges()
            throws Exception {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        UUID deleted = source.kids().get(0);
        UUID changed = source.kids().get(11);
        source.delete(deleted);
        source.changeMaterial(changed);

        scanWithTheSourceStoppedAt(engine, "keys offset 5");

        assertThat(object(deleted)).as("not removed after an incomplete listing").isPresent();
        assertThat(objects()).hasSize(12).allMatch(SecurityObjectRecord::hasMaterial)
                .allSatisfy(o -> assertThat(unsealed(o)).isIn(StandInSource.material(o.kid()),
                        source.currentMaterial(o.kid())));

        source = replaceSource(4, 12);
        source.delete(deleted);
        source.changeMaterial(changed);
        ReplicationScanRecord next = scanOnce(engine);

        assertThat(next.errorMessage()).isNull();
        assertThat(next.counts()).isEqualTo(new ReplicationScanCounts(4, 11, 0, 1, 1, 0));
        assertThat(objects()).extracting(SecurityObjectRecord::kid)
                .containsExactlyElementsOf(source.kids().subList(1, 12));
        assertThat(objects()).allSatisfy(o -> assertThat(unsealed(o)).isEqualTo(source.currentMaterial(o.kid())));
    }

    @Test
    void aSourceStoppedInTheMiddleOfTheExportsLeavesOnlyWholeObjectsAndTheNextScanConverges() throws Exception {
        ReplicationEngine engine = engine(CA.certificate());

        ReplicationScanRecord failed = scanWithTheSourceStoppedAt(engine, "export " + source.kids().get(6));

        assertThat(objects()).hasSizeLessThan(12).allMatch(SecurityObjectRecord::hasMaterial)
                .allSatisfy(o -> assertThat(unsealed(o)).isEqualTo(StandInSource.material(o.kid())));

        source = replaceSource(4, 12);
        ReplicationScanRecord next = scanOnce(engine);

        assertThat(next.errorMessage()).isNull();
        assertThat(next.counts().created() + failed.counts().created()).isEqualTo(12);
        assertThat(objects()).extracting(SecurityObjectRecord::kid).containsExactlyElementsOf(source.kids());
        assertThat(objects()).allSatisfy(o -> assertThat(unsealed(o)).isEqualTo(StandInSource.material(o.kid())));
    }

    @Test
    void twoNodesOnOneDatabaseNeverScanOneAccountAtOnce() throws Exception {
        ReplicationEngine first = engine(store, CA.certificate());
        ReplicationEngine second = engine(open(), CA.certificate());
        CountDownLatch release = new CountDownLatch(1);
        source.holdRequests(release);

        Optional<UUID> running = first.scanNow(acctId);
        assertThat(running).isPresent();
        assertThat(second.scanNow(acctId)).as("the other node while the first scans").isEmpty();
        second.startDueScans();
        assertThat(first.scanNow(acctId)).as("the same node again").isEmpty();
        assertThat(scans()).hasSize(1);

        release.countDown();
        assertThat(awaitFinished(running.get()).errorMessage()).isNull();
        Optional<UUID> next = second.scanNow(acctId);
        assertThat(next).as("the other node once the lease is released").isPresent();
        assertThat(awaitFinished(next.get()).nodeId()).isEqualTo(second.nodeId());
    }

    @Test
    void theLeaseOfANodeThatDiedIsTakenOverAndItsScanMarkedInterrupted() {
        UUID abandoned = UUID.randomUUID();
        long longAgo = Instant.now().getEpochSecond() - 3600;
        store.transaction(tx -> {
            assertThat(tx.leases().tryAcquire(acctId, "dead-node", abandoned, longAgo, Duration.ofSeconds(60))).isTrue();
            tx.scans().insert(ReplicationScanRecord.started(abandoned, acctId, ReplicationScanRecord.Trigger.AUTO,
                    "dead-node", longAgo));
            return null;
        });

        ReplicationScanRecord scan = scanOnce(engine(CA.certificate()));

        assertThat(scan.errorMessage()).isNull();
        assertThat(scan.counts().created()).isEqualTo(12);
        ReplicationScanRecord interrupted = scans().stream().filter(s -> s.scanId().equals(abandoned)).findFirst()
                .orElseThrow();
        assertThat(interrupted.errorMessage()).isEqualTo("interrupted: node dead-node lost its lease");
    }

    @Test
    void aNodeThatLostItsLeaseWritesNothingMore() {
        ReplicationEngine engine = engine(CA.certificate());
        CountDownLatch release = new CountDownLatch(1);
        UUID running = scanHeldBySource(engine, release);
        UUID thief = UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        store.transaction(tx -> {
            assertThat(tx.leases().release(acctId, engine.nodeId())).isTrue();
            assertThat(tx.leases().tryAcquire(acctId, "other-node", thief, now, Duration.ofHours(1))).isTrue();
            return null;
        });

        release.countDown();

        assertThat(awaitFinished(running).errorMessage()).isEqualTo("interrupted: node " + engine.nodeId()
                + " lost its lease");
        assertThat(group(source.groupIds().get(0))).isEmpty();
        assertThat(objects()).isEmpty();
    }

    @Test
    void aScanRunningWhenTheAccountFailsOverWritesNothingMoreAndSaysWhy() {
        ReplicationEngine engine = engine(CA.certificate());
        CountDownLatch release = new CountDownLatch(1);
        UUID running = scanHeldBySource(engine, release);
        failOver(acctId);

        release.countDown();

        assertThat(awaitFinished(running).errorMessage()).isEqualTo("account failed over");
        assertThat(group(source.groupIds().get(0))).isEmpty();
        assertThat(objects()).isEmpty();
        assertThat(engine.scanNow(acctId)).isEmpty();
    }

    @Test
    void theScheduleDoesNotScanAnAccountThatFailedOver() {
        failOver(acctId);

        engine(CA.certificate()).startDueScans();

        assertThat(scans()).isEmpty();
        assertThat(source.requests()).isEmpty();
    }

    @Test
    void theScheduleScansAnAccountThatIsDueAndOnlyThen() {
        ReplicationEngine engine = engine(CA.certificate());
        engine.start();
        ReplicationScanRecord first = awaitFinished(awaitFirstScan());
        assertThat(first.trigger()).isEqualTo(ReplicationScanRecord.Trigger.AUTO);
        assertThat(first.errorMessage()).isNull();

        engine(CA.certificate()).startDueScans(); // another node: the interval (12 h) has not passed

        assertThat(scans()).hasSize(1);
    }

    // ---- one replica per source account ----

    @Test
    void aSecondReplicaOfTheSameSourceAccountIsRefusedBeforeWritingAndMayTakeItOverOnceTheFirstIsGone() {
        ReplicationEngine engine = engine(CA.certificate());
        UUID second = givenReplicationAccount(source.url().toString());
        assertThat(scanOnce(engine).errorMessage()).isNull();
        int exportsOfTheFirst = exports();

        ReplicationScanRecord refused = scanOnce(engine, second);

        assertThat(refused.errorMessage()).isEqualTo("source account " + StandInSource.ACCOUNT + " at "
                + source.url() + " is already replicated by account " + acctId + " on this server");
        assertThat(groups(second)).isEmpty();
        assertThat(objects(second)).isEmpty();
        assertThat(exports()).as("exports of the refused scan").isEqualTo(exportsOfTheFirst);
        assertThat(claim(acctId)).map(ReplicationSourceClaimRecord::sourceAcctId).contains(StandInSource.ACCOUNT);
        assertThat(claim(second)).isEmpty();

        failOver(acctId);

        assertThat(claim(acctId)).as("released by the failover").isEmpty();
        ReplicationScanRecord afterFailover = scanOnce(engine, second);
        // The failed-over account still holds the source's group and object ids, which are unique
        // on this server, so the new replica gets past the claim but cannot write them.
        assertThat(afterFailover.errorMessage()).startsWith("group ")
                .endsWith("its name or id is taken on this server");
        assertThat(claim(second)).map(ReplicationSourceClaimRecord::sourceAcctId).contains(StandInSource.ACCOUNT);

        accounts().delete(admin(acctId), acctId);
        ReplicationScanRecord takenOver = scanOnce(engine, second);

        assertThat(takenOver.errorMessage()).isNull();
        assertThat(objects(second)).extracting(SecurityObjectRecord::kid).containsExactlyElementsOf(source.kids());
    }

    @Test
    void deletingTheReplicaReleasesItsSourceForAnotherReplica() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        UUID second = givenReplicationAccount(source.url().toString());

        accounts().delete(admin(acctId), acctId);
        ReplicationScanRecord scan = scanOnce(engine, second);

        assertThat(scan.errorMessage()).isNull();
        assertThat(objects(second)).hasSize(12);
        assertThat(claim(second)).map(ReplicationSourceClaimRecord::sourceOrigin).contains(source.url().toString());
    }

    @Test
    void aReplicaWhoseSourceNowListsAnotherAccountFailsAndKeepsWhatItReplicated() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);
        UUID other = UUID.fromString("5e4f1c2a-0000-4000-8000-0000000000bb");
        source.answerAsAccount(other);
        int before = exports();

        ReplicationScanRecord scan = scanOnce(engine);

        assertThat(scan.errorMessage()).isEqualTo("the source at " + source.url() + " lists account " + other
                + ", but this account replicates source account " + StandInSource.ACCOUNT + " at " + source.url()
                + "; a replica follows one source account (create another replication account to replicate"
                + " another)");
        assertThat(objects()).hasSize(12);
        assertThat(exports()).isEqualTo(before);
        assertThat(claim(acctId)).map(ReplicationSourceClaimRecord::sourceAcctId).contains(StandInSource.ACCOUNT);
    }

    @Test
    void changingTheSourceUrlReleasesTheClaimAndKeepingItKeepsIt() {
        ReplicationEngine engine = engine(CA.certificate());
        scanOnce(engine);

        changeUrl(acctId, source.url().toString());
        assertThat(claim(acctId)).as("the same url").isPresent();

        changeUrl(acctId, "https://localhost:" + source.url().getPort());
        assertThat(claim(acctId)).as("another url").isEmpty();
        ReplicationScanRecord scan = scanOnce(engine);

        assertThat(scan.errorMessage()).isNull();
        assertThat(claim(acctId)).map(ReplicationSourceClaimRecord::sourceOrigin)
                .contains("https://localhost:" + source.url().getPort());
    }

    @Test
    void aScanWhoseSourceUrlChangesMeanwhileWritesAndClaimsNothing() {
        ReplicationEngine engine = engine(CA.certificate());
        CountDownLatch release = new CountDownLatch(1);
        UUID running = scanHeldBySource(engine, release);
        changeUrl(acctId, "https://localhost:" + source.url().getPort());

        release.countDown();

        assertThat(awaitFinished(acctId, running).errorMessage())
                .isEqualTo("interrupted: connection_settings.url changed");
        assertThat(claim(acctId)).isEmpty();
        assertThat(groups(acctId)).isEmpty();
    }

    @Test
    void aSourceListingAGroupOfAnotherAccountFailsTheScanBeforeClaimingOrWritingAnything() {
        UUID stranger = UUID.fromString("5e4f1c2a-0000-4000-8000-0000000000bb");
        UUID foreign = source.groupIds().get(2);
        source.listInAccount(foreign, stranger);

        ReplicationScanRecord scan = scanOnce(engine(CA.certificate()));

        assertThat(scan.errorMessage()).isEqualTo("the source lists group " + foreign + " of account " + stranger
                + " among those of account " + StandInSource.ACCOUNT);
        assertThat(groups(acctId)).isEmpty();
        assertThat(claim(acctId)).isEmpty();
    }

    @Test
    void aSourceListingAnObjectOfAnotherAccountFailsTheScanBeforeWritingItsPage() {
        UUID stranger = UUID.fromString("5e4f1c2a-0000-4000-8000-0000000000bb");
        UUID foreign = source.kids().get(7); // on the second page of five
        source.listInAccount(foreign, stranger);

        ReplicationScanRecord scan = scanOnce(engine(CA.certificate()));

        assertThat(scan.errorMessage()).isEqualTo("the source lists security object " + foreign + " of account "
                + stranger + " among those of account " + StandInSource.ACCOUNT);
        assertThat(objects()).extracting(SecurityObjectRecord::kid)
                .containsExactlyElementsOf(source.kids().subList(0, 5));
    }

    /** A JDBC URL of a new empty database; every node of a test opens it. */
    abstract String newEmptyDatabase();

    // ---- helpers ----

    private ReplicationScanRecord scanOnce(ReplicationEngine engine) {
        return scanOnce(engine, acctId);
    }

    private ReplicationScanRecord scanOnce(ReplicationEngine engine, UUID account) {
        UUID scanId = engine.scanNow(account).orElseThrow();
        return awaitFinished(account, scanId);
    }

    /** A scan started while the source holds every request until {@code release} opens. */
    private UUID scanHeldBySource(ReplicationEngine engine, CountDownLatch release) {
        source.holdRequests(release);
        return engine.scanNow(acctId).orElseThrow();
    }

    /** A scan during which the source is stopped once it receives {@code request}; it names the network failure. */
    private ReplicationScanRecord scanWithTheSourceStoppedAt(ReplicationEngine engine, String request)
            throws InterruptedException {
        CountDownLatch asked = new CountDownLatch(1);
        source.hangAt(request, asked);
        String stoppedOrigin = source.url().toString();
        UUID running = engine.scanNow(acctId).orElseThrow();
        asked.await();
        source.close();
        ReplicationScanRecord failed = awaitFinished(running);
        assertThat(failed.errorMessage()).startsWith("cannot reach " + stoppedOrigin + ": ");
        return failed;
    }

    private ReplicationScanRecord awaitFinished(UUID scanId) {
        return awaitFinished(acctId, scanId);
    }

    private ReplicationScanRecord awaitFinished(UUID account, UUID scanId) {
        Instant deadline = Instant.now().plus(GENEROUS);
        while (Instant.now().isBefore(deadline)) {
            Optional<ReplicationScanRecord> scan = store.read(tx -> tx.scans().latest(account, 10)).stream()
                    .filter(s -> s.scanId().equals(scanId) && s.finished()).findFirst();
            if (scan.isPresent()) {
                return scan.get();
            }
            pause();
        }
        throw new AssertionError("scan " + scanId + " did not finish within " + GENEROUS);
    }

    private UUID awaitFirstScan() {
        Instant deadline = Instant.now().plus(GENEROUS);
        while (Instant.now().isBefore(deadline)) {
            List<ReplicationScanRecord> scans = store.read(tx -> tx.scans().latest(acctId, 1));
            if (!scans.isEmpty()) {
                return scans.get(0).scanId();
            }
            pause();
        }
        throw new AssertionError("no scan started within " + GENEROUS);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private ReplicationEngine engine(X509Certificate... trusted) {
        return engine(store, trusted);
    }

    private ReplicationEngine engine(Store on, X509Certificate... trusted) {
        ReplicationEngine engine = new ReplicationEngine(on, sealer, List.of(trusted), Clock.systemUTC(),
                new ReplicationEngine.Settings(UUID.randomUUID().toString(), Duration.ofHours(1),
                        Duration.ofSeconds(30), 2, new SourceConnector.Settings(5, Duration.ofSeconds(5),
                                Duration.ofSeconds(30), 1024 * 1024)));
        closeables.add(engine);
        return engine;
    }

    private StandInSource replaceSource(int groups, int objects) {
        try {
            source.close();
            StandInSource replaced = new StandInSource(SERVER, groups, objects);
            closeables.add(replaced);
            replaced.registerApp(appId, credential.certificate());
            changeUrl(acctId, replaced.url().toString());
            return replaced;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Store open() {
        Store opened = Store.open(databaseUrl, null, null);
        closeables.add(opened);
        return opened;
    }

    /** A replication account whose active credential is the test's, registered at the source as its app. */
    private UUID givenReplicationAccount(String sourceUrl) {
        long now = Instant.now().getEpochSecond();
        UserRecord admin = new UserRecord(UUID.randomUUID(), UUID.randomUUID() + "@example.com", "hash", null, null,
                now, null, 0, 0);
        UUID account = UUID.randomUUID();
        UUID credentialId = UUID.randomUUID();
        AccountRecord replica = new AccountRecord(account, "replica", null, true, PurposeKind.ACCOUNT_REPLICATION,
                PurposeKind.ACCOUNT_REPLICATION, sourceUrl, 12, null, now);
        byte[] sealed = sealer.seal(credential.key().getEncoded(), SealingContext.credentialKey(account, credentialId));
        ReplicationCredentialRecord record = new ReplicationCredentialRecord(credentialId, account, 0,
                CredentialKeyType.EC_P256, credential.certificate().getPublicKey().getEncoded(), sealed,
                sealer.currentVersion(), appId, credential.chainDer(), now);
        store.transaction(tx -> {
            tx.users().insert(admin);
            tx.accounts().insert(replica, admin.userId(), AccountRole.ACCOUNTADMINISTRATOR);
            tx.credentials().insertIntoFreeSlot(record);
            tx.credentials().updateAppAndChain(record);
            tx.accounts().update(new AccountRecord(account, "replica", null, true, PurposeKind.ACCOUNT_REPLICATION,
                    PurposeKind.ACCOUNT_REPLICATION, sourceUrl, 12, credentialId, now));
            return null;
        });
        administrators.put(account, admin.userId());
        return account;
    }

    private AccountService accounts() {
        return new AccountService(store, Clock.systemUTC(), new DecodedKeyCache());
    }

    private UserPrincipal admin(UUID account) {
        return new UserPrincipal(administrators.get(account), "no-session", null);
    }

    /** The PATCH to Standard, through the service as the API makes it. */
    private void failOver(UUID account) {
        accounts().update(admin(account), account, new AccountChanges(null, null, null, Purpose.STANDARD));
    }

    /** A PATCH of the account's purpose that sets {@code url} and keeps its other settings. */
    private void changeUrl(UUID account, String url) {
        Purpose.Replication current = (Purpose.Replication) accounts().get(admin(account), account).purpose();
        accounts().update(admin(account), account, new AccountChanges(null, null, null,
                new Purpose.Replication(url, current.scanIntervalHours(), current.activeCredentialId())));
    }

    private Optional<ReplicationSourceClaimRecord> claim(UUID account) {
        return store.read(tx -> tx.sourceClaims().byAccount(account));
    }

    private List<SecurityObjectRecord> objects() {
        return objects(acctId);
    }

    private List<SecurityObjectRecord> objects(UUID account) {
        return store.read(tx -> tx.securityObjects().list(account, SecurityObjectFilter.NONE,
                SecurityObjectSort.KID_ASC, (KeysetStart) null, 0, 1000));
    }

    private List<GroupRecord> groups(UUID account) {
        return store.read(tx -> tx.groups().list(account, null, null, 0, 100));
    }

    private Optional<GroupRecord> group(UUID groupId) {
        return store.read(tx -> tx.groups().byId(acctId, groupId));
    }

    private List<ReplicationScanRecord> scans() {
        return store.read(tx -> tx.scans().latest(acctId, 10));
    }

    private Optional<SecurityObjectRecord> object(UUID kid) {
        return store.read(tx -> tx.securityObjects().byId(acctId, kid));
    }

    private byte[] unsealed(SecurityObjectRecord object) {
        return sealer.open(object.sealedMaterial(), SealingContext.securityObject(acctId, object.kid()));
    }

    private int exports() {
        return (int) source.requests().stream().filter(r -> r.path().equals("/crypto/v1/keys/export")).count();
    }
}
