package io.replikey.bench;

import io.replikey.client.DsmClient;
import io.replikey.server.DataDirectory;
import io.replikey.server.ReplikeyServer;
import io.replikey.server.config.ServerConfig;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.store.ReplicationCredentialDao;
import io.replikey.server.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replikey bench store-size}: for each size, a fresh in-process server (SQLite in a
 * temporary directory, deleted at the end; the {@code REPLIKEY_*} environment ignored) whose store
 * holds that many replication credentials, and self_sign's latency over HTTPS against it, so that
 * a lookup that grows with the store shows as a p50 ratio between the sizes (issue 8, target 4:
 * p50 at 100,000 credentials ≤ 1.2× p50 at 100). One credential is created over the API and
 * measured; the others are written by {@link CredentialFill}. Every server is started and filled
 * first, then each is warmed up, then each measured, so no size is measured on a colder JIT than
 * another. Exit code 0 when every request succeeded, 1 when any failed or a fill failed, 2 for
 * invalid options.
 *
 * <p>Limits: the servers live side by side in one JVM (idle ones cost little) and are measured one
 * after the other; the load generator shares the JVM and the cores with the server measured. One
 * credential is measured, so its pages stay in SQLite's cache: the figures show lookups that grow
 * with the store (a scan, a deeper tree), not a cold cache. Compare the ratio, and only within one
 * run. Not thread-safe (a picocli command).
 */
@Command(name = "store-size", mixinStandardHelpOptions = true,
        description = {"Measure self_sign's p50 and p99 over HTTPS with each number of replication credentials in "
                + "the store, and the p50 ratio of the largest to the smallest.",
                "Starts a throw-away in-process server per size (SQLite in a temporary directory, deleted at the end),"
                        + " filled through the store layer."})
public final class StoreSizeBenchCommand implements Callable<Integer> {
    private static final CredentialKeyType KEY_TYPE = CredentialKeyType.EC_P256;
    /** The target of issue 8: p50 at the largest size at most this times p50 at the smallest. */
    static final double TARGET_RATIO = 1.2;

    @Option(names = "--credentials", split = ",", defaultValue = "100,100000",
            description = "Replication credentials in the store, comma separated; one server each "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Integer> credentials;
    @Option(names = "--seconds", defaultValue = "10",
            description = "Measured seconds per size (default: ${DEFAULT-VALUE}).")
    double seconds;
    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "Unmeasured warm-up seconds before each size (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;
    @Option(names = "--clients", defaultValue = "1",
            description = "Concurrent HTTPS clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Spec
    CommandSpec spec;

    /** One size: what the fill wrote and how long it took, the database's size, the self_sign row. */
    private record Size(CredentialFill.Counts counts, double fillSeconds, long databaseBytes, LoadStats stats) {
        String format() {
            return String.format(Locale.ROOT, "%11d %9d %6d %8d %8.1f %7.1f %8d %8.1f %8.1f %8.1f %6d %5.2f",
                    counts.credentials(), counts.accounts(), counts.users(), counts.sessions(),
                    fillSeconds, databaseBytes / (1024.0 * 1024.0), stats.operations(), stats.perSecond(),
                    stats.p50Micros(), stats.p99Micros(), stats.errors(), stats.backgroundCores());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (credentials.isEmpty() || credentials.stream().anyMatch(n -> n < 1 || n > 1_000_000)
                || !(seconds > 0 && seconds <= 3600) || !(warmupSeconds >= 0 && warmupSeconds <= 3600)
                || clients < 1 || clients > 64) {
            err.println("--credentials must be in [1, 1000000], --seconds in (0, 3600], --warmup-seconds in "
                    + "[0, 3600] and --clients in [1, 64]");
            err.flush();
            return 2;
        }
        List<FilledServer> servers = new ArrayList<>();
        try {
            for (int n : credentials) {
                servers.add(FilledServer.start(n, err));
            }
            // Each server's warm-up before any window, so the first size measured does not pay for a cold JIT.
            for (FilledServer server : warmupSeconds > 0 ? servers : List.<FilledServer>of()) {
                progress(err, "[bench] warming up with %d credentials in the store ...", server.counts.credentials());
                selfSign(server, Duration.ZERO, BenchCommand.duration(warmupSeconds));
            }
            List<Size> sizes = new ArrayList<>();
            for (FilledServer server : servers) {
                progress(err, "[bench] self_sign @%d clients with %d credentials in the store ...", clients,
                        server.counts.credentials());
                sizes.add(new Size(server.counts, server.fillSeconds, server.databaseBytes,
                        selfSign(server, Duration.ofMillis(500), BenchCommand.duration(seconds))));
            }
            report(out, sizes);
            return sizes.stream().mapToLong(s -> s.stats().errors()).sum() == 0 ? 0 : 1;
        } catch (RuntimeException e) { // the run ends with its reason, never a stack trace
            err.println("store-size benchmark failed: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            servers.forEach(FilledServer::close);
        }
    }

    private LoadStats selfSign(FilledServer server, Duration warmup, Duration window) throws InterruptedException {
        return SelfSignBenchmark.https(server.measured.selfSign(server.pinned), clients, warmup, window, server.base,
                null).stats();
    }

    /**
     * A throw-away server whose store holds {@code n} credentials: one created over the API (the
     * measured one), the rest filled through the store layer. Closing it stops the server and
     * deletes its data directory.
     */
    private static final class FilledServer implements AutoCloseable {
        private final Path dataDir;
        private final ReplikeyServer server;
        private final URI base;
        private final SSLContext pinned;
        private BenchCredential measured;
        private CredentialFill.Counts counts;
        private double fillSeconds;
        private long databaseBytes;

        private FilledServer(Path dataDir, ReplikeyServer server) {
            this.dataDir = dataDir;
            this.server = server;
            this.base = URI.create("https://127.0.0.1:" + server.port());
            this.pinned = DsmClient.pinning(server.tlsCertificate());
        }

        static FilledServer start(int n, PrintWriter err) {
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")),
                        "replikey-bench-store-size-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary data directory", e);
            }
            ServerConfig config = SelfSignBenchmark.throwAwayConfig(dataDir, KEY_TYPE);
            FilledServer filled;
            try {
                filled = new FilledServer(dataDir, ReplikeyServer.start(config));
            } catch (RuntimeException e) {
                DataDirectory.deleteRecursively(dataDir);
                throw e;
            }
            try {
                filled.fill(config, n, err);
                return filled;
            } catch (RuntimeException e) {
                filled.close();
                throw e;
            }
        }

        private void fill(ServerConfig config, int n, PrintWriter err) {
            DsmClient admin = new DsmClient(base, pinned);
            measured = BenchCredential.create(admin, "bench-" + UUID.randomUUID() + "@example.com", KEY_TYPE);
            progress(err, "[bench] filling a store with %d more credentials ...", n - 1);
            long start = System.nanoTime();
            // A second pool on the server's own database file, as a second node would open it.
            try (Store store = Store.open(config.databaseUrl(), config.databaseUser(),
                    config.databasePassword().value())) {
                counts = new CredentialFill().fill(store, KeySealer.of(MasterKey.loadOrCreate(config.masterKeyFile())),
                        KEY_TYPE, n - 1, Clock.systemUTC()).withOneMore();
            }
            fillSeconds = (System.nanoTime() - start) / 1e9;
            databaseBytes = databaseBytes(config);
            measured.checkedCertificate(admin);
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                DataDirectory.deleteRecursively(dataDir);
            }
        }
    }

    private void report(PrintWriter out, List<Size> sizes) {
        out.println("replikey bench store-size: self_sign latency against the number of replication credentials"
                + " in the store (one run)");
        out.printf(Locale.ROOT, "  machine      %s%n", SelfSignBenchmark.environment());
        out.printf(Locale.ROOT, "  server       in-process per size, HTTPS on 127.0.0.1, SQLite in a temporary data"
                + " directory, %s credentials%n", KEY_TYPE.configName());
        out.printf(Locale.ROOT, "  store        one credential created over the API and measured; the rest written"
                + " through the store layer,%n               %d per transaction: %d credentials per account, %d"
                + " accounts per user (administrator), one session per user%n", CredentialFill.ROWS_PER_TRANSACTION,
                ReplicationCredentialDao.SLOTS, CredentialFill.ACCOUNTS_PER_USER);
        out.printf(Locale.ROOT, "  load         %d closed-loop client(s); every store filled first, then %.1f s warm-up"
                + " per size, then %.1f s measured per size (after 0.5 s more)%n", clients, warmupSeconds, seconds);
        out.println();
        out.println("credentials  accounts  users sessions fill (s)  db MiB      ops    ops/s   p50 us   p99 us"
                + " errors    bg");
        sizes.forEach(size -> out.println(size.format()));
        out.println();
        out.println("fill: seconds to write the filled rows; db MiB: the database file and its WAL after the fill;"
                + " bg: cores' worth of CPU other processes used in the window.");
        Size smallest = sizes.get(0);
        for (Size size : sizes.subList(1, sizes.size())) {
            out.printf(Locale.ROOT, "self_sign p50 at %d credentials / at %d credentials: %.3f (target <= %.1f)%n",
                    size.counts().credentials(), smallest.counts().credentials(),
                    size.stats().p50Micros() / smallest.stats().p50Micros(), TARGET_RATIO);
        }
        double background = sizes.stream().mapToDouble(s -> s.stats().backgroundCores())
                .filter(b -> !Double.isNaN(b)).max().orElse(Double.NaN);
        if (background > SelfSignBenchmark.BUSY_MACHINE_CORES) {
            out.printf(Locale.ROOT, "WARNING: other processes used up to %.2f cores during a window; the figures are"
                    + " perturbed. Rerun on an idle machine.%n", background);
        }
        sizes.stream().map(s -> s.stats().firstError()).filter(e -> e != null).findFirst()
                .ifPresent(e -> out.println("ERRORS: first: " + e));
        out.flush();
    }

    /** The SQLite database file with its side files. */
    private static long databaseBytes(ServerConfig config) {
        long bytes = 0;
        for (Path file : DataDirectory.sqliteFiles(config.databaseUrl())) {
            try {
                bytes += Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot measure the database", e);
            }
        }
        return bytes;
    }

    private static void progress(PrintWriter err, String format, Object... args) {
        err.printf(Locale.ROOT, format + "%n", args);
        err.flush();
    }
}
