package io.replikey.server.replication;

import io.replikey.server.crypto.KeySealer;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.ReplicationScanRecord;
import io.replikey.server.store.ReplicationScanRecord.Trigger;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules and runs the scans of replication accounts (design.md §1 step 7).
 *
 * <p>Every {@link Settings#tick()} (and once at start) it looks at every replication account
 * whose active credential is usable (app id and certificate chain) and starts a scan when one is
 * due: never scanned, or the last scan started at least {@code scan_interval_hours} ago. A scan
 * first takes the account's lease in the database (with {@link ReplicationScanRecord} of the new
 * scan, in one transaction), so one scan of an account runs at a time across every node sharing
 * the database; the lease is renewed every third of its time to live, and a scan whose renewal
 * fails stops. Every write of a scan checks the lease in its own transaction, and that the account
 * has not failed over (a scan of an account that failed over stops with {@link #FAILED_OVER}).
 *
 * <p>Threads: one scheduler thread (ticks and renewals) and a small pool running scans
 * ({@link Settings#scanThreads()}). Each node has its own id (a random UUID per process unless
 * configured), the lease holder's name. Thread-safe.
 */
public final class ReplicationEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationEngine.class);
    /** The {@code error_message} of a scan that stopped because its account failed over. */
    public static final String FAILED_OVER = "account failed over";
    /** The {@code error_message} of a scan that stopped because its account's source URL changed. */
    public static final String SOURCE_MOVED = "interrupted: connection_settings.url changed";

    /**
     * @param nodeId      this node's lease holder name; unique per process
     * @param tick        how often due scans are looked for
     * @param leaseTtl    how long a lease lives without renewal (whole seconds, at least 3)
     * @param scanThreads how many scans run at once on this node
     * @param connector   the source connector's limits
     */
    public record Settings(String nodeId, Duration tick, Duration leaseTtl, int scanThreads,
            SourceConnector.Settings connector) {
        public Settings {
            if (nodeId == null || nodeId.isBlank() || nodeId.length() > 255 || scanThreads < 1
                    || leaseTtl.toSeconds() < 3 || tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("invalid replication engine settings");
            }
        }

        /** A node id new to this process; a minute's tick; a 60-second lease; two scans at once. */
        public static Settings defaults() {
            return new Settings(UUID.randomUUID().toString(), Duration.ofMinutes(1), Duration.ofSeconds(60), 2,
                    SourceConnector.Settings.DEFAULTS);
        }
    }

    private final Store store;
    private final Scanner scanner;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService scans;
    private final Map<UUID, RunningScan> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public ReplicationEngine(Store store, KeySealer sealer, List<X509Certificate> trustedCas, Clock clock,
            Settings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.scanner = new Scanner(store, sealer, trustedCas, settings.connector(), clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("replikey-replication-scheduler"));
        this.scans = Executors.newFixedThreadPool(settings.scanThreads(), daemon("replikey-replication-scan"));
    }

    /** Starts the schedule: a first look for due scans now, then every tick. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::startDueScans, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * Starts a scan of the account now, unless one runs (on any node). Returns the new scan's id,
     * or empty when the lease is held. The caller has checked that the account is a replication
     * account with a usable active credential.
     */
    public Optional<UUID> scanNow(UUID acctId) {
        return begin(acctId, Trigger.MANUAL);
    }

    /**
     * Opens TLS to {@code sourceUrl} with {@code credential} (which needs app id and chain) and
     * authenticates as its app, as a scan would, then stops. Blocks for at most the connector's
     * connect and request timeouts; writes nothing.
     *
     * @throws SourceException why the credential cannot authenticate to the source
     */
    public void testCredential(UUID acctId, URI sourceUrl, ReplicationCredentialRecord credential) {
        scanner.connect(new Scanner.Target(acctId, sourceUrl, credential));
    }

    /** Looks for due scans; runs on the scheduler thread. A failure is logged, and the next tick tries again. */
    void startDueScans() {
        try {
            long now = clock.instant().getEpochSecond();
            List<AccountRecord> accounts = store.read(tx -> tx.accounts().listAll());
            for (AccountRecord account : accounts) {
                if (!stopping && isDue(account, now)) {
                    begin(account.acctId(), Trigger.AUTO);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("looking for due replication scans failed: {}", e.toString());
        }
    }

    private boolean isDue(AccountRecord account, long now) {
        if (account.purposeType() != PurposeKind.ACCOUNT_REPLICATION || !account.enabled()
                || account.activeCredentialId() == null || account.scanIntervalHours() == null
                || running.containsKey(account.acctId())) {
            return false;
        }
        long interval = Duration.ofHours(account.scanIntervalHours()).toSeconds();
        return store.read(tx -> tx.scans().latest(account.acctId(), 1)).stream()
                .allMatch(last -> last.startedAt() + interval <= now);
    }

    /** Takes the lease and records the scan in one transaction, then hands the scan to the pool. */
    private Optional<UUID> begin(UUID acctId, Trigger trigger) {
        if (stopping || running.containsKey(acctId)) {
            return Optional.empty();
        }
        UUID scanId = UUID.randomUUID();
        long now = clock.instant().getEpochSecond();
        Optional<Scanner.Target> target = store.transaction(tx -> {
            Optional<Scanner.Target> usable = target(tx, acctId);
            if (usable.isEmpty() || !tx.leases().tryAcquire(acctId, nodeId(), scanId, now, settings.leaseTtl())) {
                return Optional.<Scanner.Target>empty();
            }
            tx.scans().interruptAbandoned(acctId, now);
            tx.scans().insert(ReplicationScanRecord.started(scanId, acctId, trigger, nodeId(), now));
            return usable;
        });
        if (target.isEmpty()) {
            return Optional.empty();
        }
        RunningScan scan = new RunningScan(scanId, acctId, target.get());
        running.put(acctId, scan);
        long renewEvery = Math.max(1, settings.leaseTtl().toMillis() / 3);
        scan.renewal = scheduler.scheduleWithFixedDelay(scan::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        try {
            scans.execute(scan::run);
        } catch (RejectedExecutionException e) {
            scan.finish("interrupted: the server is stopping");
        }
        LOG.info("replication scan {} of account {} started ({})", scanId, acctId, trigger);
        return Optional.of(scanId);
    }

    /** The account's source and usable active credential, read in {@code tx}. */
    private static Optional<Scanner.Target> target(Tx tx, UUID acctId) {
        Optional<AccountRecord> account = tx.accounts().byIdForUpdate(acctId)
                .filter(a -> a.purposeType() == PurposeKind.ACCOUNT_REPLICATION && a.enabled()
                        && a.activeCredentialId() != null);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        return tx.credentials().byId(acctId, account.get().activeCredentialId())
                .filter(ReplicationCredentialRecord::usable)
                .map(credential -> new Scanner.Target(acctId, URI.create(account.get().replicationUrl()), credential));
    }

    /**
     * Stops scheduling, interrupts running scans (each is recorded as interrupted) and waits for
     * them briefly. Call before the store closes.
     */
    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        scans.shutdownNow();
        try {
            if (!scans.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("replication scans did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One scan this node runs: its lease, its tally and its end. */
    private final class RunningScan implements Scanner.Lease {
        private final UUID scanId;
        private final UUID acctId;
        private final Scanner.Target target;
        private final ScanTally tally = new ScanTally();
        private volatile boolean leaseLost;
        private volatile boolean failedOver;
        private volatile boolean sourceMoved;
        private volatile ScheduledFuture<?> renewal;

        RunningScan(UUID scanId, UUID acctId, Scanner.Target target) {
            this.scanId = scanId;
            this.acctId = acctId;
            this.target = target;
        }

        void run() {
            String error = null;
            try {
                scanner.scan(target, this, tally, this::recordProgress);
            } catch (SourceException | ScanException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                // The stored message names the failure's type only: its text may quote anything.
                LOG.error("replication scan {} of account {} failed", scanId, acctId, e);
                error = "internal error (" + e.getClass().getSimpleName() + "); see the server log";
            }
            Thread.interrupted(); // a stop interrupts the scan; its end must still be recorded
            finish(error);
        }

        void finish(String error) {
            ScheduledFuture<?> renewing = renewal;
            if (renewing != null) {
                renewing.cancel(false);
            }
            long now = clock.instant().getEpochSecond();
            try {
                store.transaction(tx -> {
                    tx.scans().finish(scanId, now, error, tally.counts());
                    tx.leases().release(acctId, nodeId());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("could not record the end of replication scan {}: {}", scanId, e.toString());
            } finally {
                running.remove(acctId, this);
            }
            LOG.info("replication scan {} of account {} finished: {} {}; not exportable: {}", scanId, acctId,
                    tally.counts(), error == null ? "ok" : "error: " + error, tally.unexportable());
        }

        void renew() {
            try {
                long now = clock.instant().getEpochSecond();
                if (!store.transaction(tx -> tx.leases().renew(acctId, nodeId(), now, settings.leaseTtl()))) {
                    leaseLost = true;
                }
            } catch (RuntimeException e) {
                LOG.warn("renewing the lease of replication scan {} failed: {}", scanId, e.toString());
            }
        }

        private void recordProgress(ScanTally progress) {
            store.transaction(tx -> tx.scans().updateProgress(scanId, progress.counts()));
        }

        /**
         * Locks the account row before the lease (the order {@link #begin} and failover take),
         * so a failover either commits first and this write sees a Standard account, or waits
         * until this write has committed: no replicated write lands after a failover. The same
         * holds for a change of the source URL, which releases the account's source claim: no
         * claim or write of the old source lands after it.
         */
        @Override
        public void check(Tx tx) {
            Optional<AccountRecord> account = tx.accounts().byIdForUpdate(acctId);
            if (account.filter(a -> a.purposeType() != PurposeKind.ACCOUNT_REPLICATION).isPresent()) {
                failedOver = true;
            } else if (account.filter(a -> !target.sourceUrl().toString().equals(a.replicationUrl())).isPresent()) {
                sourceMoved = true;
            } else if (!tx.leases().lockIfHeld(acctId, nodeId(), clock.instant().getEpochSecond())) {
                leaseLost = true;
            }
            checkRunning();
        }

        @Override
        public void checkRunning() {
            if (failedOver) {
                throw new ScanException(FAILED_OVER);
            }
            if (sourceMoved) {
                throw new ScanException(SOURCE_MOVED);
            }
            if (leaseLost) {
                throw new ScanException("interrupted: node " + nodeId() + " lost its lease");
            }
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new ScanException("interrupted: the server is stopping");
            }
        }
    }

    /** Daemon threads named {@code name}: they never keep the JVM alive. */
    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
