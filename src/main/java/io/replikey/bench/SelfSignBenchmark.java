package io.replikey.bench;

import io.replikey.client.DsmClient;
import io.replikey.server.DataDirectory;
import io.replikey.server.ReplikeyServer;
import io.replikey.server.config.ConfigLoader;
import io.replikey.server.config.ServerConfig;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.CryptoProviders;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.server.service.ReplicationCredentialService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Measures, in one run, how fast replikey issues self-signed credential certificates
 * ({@code POST …/credentials/{id}/self_sign}, design.md §2) over HTTPS, against two yardsticks
 * taken in the same run: the same server's cheapest endpoint ({@code GET /sys/v1/version}) and
 * the raw in-process signing and certificate-issuing rate of the credential key type. Also, for
 * issue 6, the rate of app session set-up with an API key and with a client certificate, and of
 * AES-GCM encrypt and ECDSA sign requests ({@link SourceApiRows}), each against the version rate
 * of the same run; and, for issue 8, cfssl's {@code init_ca} when {@code cfssl} is installed
 * ({@link CfsslServer}, measured with the same client right after self_sign). Reports rates,
 * latency percentiles, CPU per operation and the ratios between them.
 *
 * <p>Set-up: an in-process server on 127.0.0.1, port 0, SQLite in a fresh temporary data
 * directory (deleted at the end; the process environment's {@code REPLIKEY_*} variables are
 * ignored so a configured production database is never touched), one user, one replication
 * account and one credential of the chosen key type. Each HTTPS client is a thread with its own
 * {@link DsmClient} (own JDK HttpClient, so its own HTTP/1.1 keep-alive connection); TLS
 * connections are counted at the client's SSLContext to verify the reuse. Order: one unreported
 * pass of each HTTPS operation at the highest concurrency (JIT), then for each concurrency the
 * version and self_sign rows back to back (so each ratio compares neighbours in time), then the
 * in-process rows with the server stopped.
 *
 * <p>Limits: the load generator runs in the same JVM, on the same cores, as the server, so the
 * HTTPS rates are end-to-end rates of that set-up, not the server's capacity against remote
 * clients; the CPU columns show how the work splits. Figures vary with the machine, the JVM and
 * the crypto provider; compare ratios, and only within one run.
 *
 * <p>Not thread-safe: one {@link #run} at a time per process is meaningful (they compete for CPU).
 */
public final class SelfSignBenchmark {
    /** Row keys, also the first column of the printed table. */
    public static final String VERSION = "version";
    public static final String SELF_SIGN = "self_sign";
    public static final String GET_CREDENTIAL = "get_credential";
    public static final String SIGN = "sign";
    public static final String ISSUE = "issue";
    public static final String UNSEAL_ISSUE = "unseal+issue";
    public static final String SESSION_APIKEY = SourceApiRows.SESSION_APIKEY;
    public static final String SESSION_MTLS = SourceApiRows.SESSION_MTLS;
    public static final String ENCRYPT_AES_GCM = SourceApiRows.ENCRYPT_AES_GCM;
    public static final String SIGN_ECDSA = SourceApiRows.SIGN_ECDSA;
    /** cfssl serve's POST /api/v1/cfssl/init_ca, P-256; measured only when cfssl is on the PATH. */
    public static final String CFSSL_INIT_CA = "cfssl_init_ca";
    /** The rows {@code --rows} may name, in the order they are measured. */
    public static final List<String> SELECTABLE_ROWS = Stream.concat(Stream.concat(Stream.of(VERSION, SELF_SIGN),
            SourceApiRows.KEYS.stream()), Stream.of(CFSSL_INIT_CA)).toList();

    /** Background load (cores) above which the report warns that the machine was not quiet. */
    static final double BUSY_MACHINE_CORES = 0.2;

    /**
     * What to measure.
     *
     * @param keyType           the credential's key type
     * @param window            the measured duration of each row
     * @param warmup            the unmeasured run before each row's window (JIT, connections)
     * @param clients           the HTTPS concurrency levels, each measured for every HTTPS row
     * @param inProcessThreads  the thread count of the multi-threaded in-process issue row
     *                          (1 measures single-threaded only)
     * @param storeBaseline     also measure {@code GET …/credentials/{id}}: the same session and
     *                          store reads as self_sign, without unsealing or signing
     * @param rows              the rows to measure, from {@link #SELECTABLE_ROWS}; {@code version}
     *                          is always measured (every ratio divides by it), the in-process rows
     *                          with {@code self_sign}
     */
    public record Settings(CredentialKeyType keyType, Duration window, Duration warmup, List<Integer> clients,
            int inProcessThreads, boolean storeBaseline, Set<String> rows) {
        /** Every row: the self_sign rows and issue 6's session and crypto rows. */
        public Settings(CredentialKeyType keyType, Duration window, Duration warmup, List<Integer> clients,
                int inProcessThreads, boolean storeBaseline) {
            this(keyType, window, warmup, clients, inProcessThreads, storeBaseline, Set.copyOf(SELECTABLE_ROWS));
        }

        public Settings {
            if (keyType == null) {
                throw new IllegalArgumentException("key type is required");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the measured duration must be positive");
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("the warm-up cannot be negative");
            }
            clients = List.copyOf(clients);
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c == null || c < 1 || c > 1024)) {
                throw new IllegalArgumentException("clients must be a non-empty list of numbers from 1 to 1024");
            }
            if (inProcessThreads < 1) {
                throw new IllegalArgumentException("in-process threads must be at least 1");
            }
            rows = Set.copyOf(rows);
            if (!SELECTABLE_ROWS.containsAll(rows)) {
                throw new IllegalArgumentException("rows must be among " + String.join(",", SELECTABLE_ROWS));
            }
        }

        boolean measures(String row) {
            return row.equals(VERSION) || rows.contains(row);
        }
    }

    /**
     * One measured row. {@code connections} is the number of TLS connections the clients opened
     * during the row (warm-up included), or -1 for in-process rows.
     */
    public record Row(String key, int concurrency, LoadStats stats, long connections) {
        public double perSecond() {
            return stats.perSecond();
        }

        public long errors() {
            return stats.errors();
        }

        boolean https() {
            return connections >= 0;
        }
    }

    /**
     * Everything one run measured, with the context needed to read it; {@code cfssl} is the
     * measured cfssl's version, or null when its row was not measured (not selected, or not installed).
     */
    public record Report(Settings settings, String cryptoProvider, String environment, int tbsBytes,
            int certificateBytes, String cfssl, List<Row> rows) {
        public Report {
            rows = List.copyOf(rows);
        }

        /** Errors across all rows (non-200 answers, exceptions); a run with errors is not a measurement. */
        public long errors() {
            return rows.stream().mapToLong(Row::errors).sum();
        }

        /** The row measured for {@code key} at {@code concurrency}, if any. */
        public Optional<Row> row(String key, int concurrency) {
            return rows.stream().filter(r -> r.key().equals(key) && r.concurrency() == concurrency).findFirst();
        }

        /** The printable report: context, table, legend and ratios. */
        public String format() {
            StringBuilder out = new StringBuilder();
            CredentialKeyType type = settings.keyType();
            line(out, "replikey bench: self_sign, app sessions and crypto over HTTPS vs the version endpoint"
                    + " vs in-process signing (one run)");
            line(out, "  key type         %s (%s); TBS %d bytes, certificate %d bytes", type.configName(),
                    type.signatureAlgorithm(), tbsBytes, certificateBytes);
            line(out, "  crypto provider  %s", cryptoProvider);
            line(out, "  machine          %s", environment);
            line(out, "  durations        %s warm-up + %s measured per row",
                    seconds(settings.warmup()), seconds(settings.window()));
            line(out, "  server           in-process, HTTPS on 127.0.0.1, SQLite in a temporary data directory");
            if (cfssl != null) {
                line(out, "  cfssl            %s: cfssl serve on 127.0.0.1, TLS with an EC P-256 certificate like"
                        + " replikey's", cfssl);
            }
            line(out, "  clients          closed loop; each client is a thread with its own DsmClient (own JDK");
            line(out, "                   HttpClient, HTTP/1.1 keep-alive). 'conns' = TLS connections the clients");
            line(out, "                   opened in the row, counted at their SSLContext: conns == clients means");
            line(out, "                   every request after each client's first reused its connection.");
            line(out, "  caveat           load generator and server share this JVM and its cores. Latencies are");
            line(out, "                   client-observed; CPU is microseconds per op for the whole process (GC, JIT");
            line(out, "                   included) / Jetty's threads (srv) / load and JDK HttpClient threads (cli).");
            line(out, "                   'bg' = cores' worth of CPU other processes used during the window.");
            if (cfssl != null) {
                line(out, "                   cfssl's rows: srv = the cfssl process's CPU, not counted in bg.");
            }
            line(out, "");
            line(out, "%-15s %5s %9s %10s %9s %9s %8s %8s %8s %6s %6s %5s", "row", "conc", "ops", "ops/s",
                    "p50 us", "p99 us", "cpu us", "srv us", "cli us", "conns", "errors", "bg");
            for (Row row : rows) {
                LoadStats s = row.stats();
                line(out, "%-15s %5d %9d %10.1f %9.1f %9.1f %8.1f %8s %8s %6s %6d %5.2f", row.key(), row.concurrency(),
                        s.operations(), s.perSecond(), s.p50Micros(), s.p99Micros(), s.processCpuMicrosPerOp(),
                        row.https() ? String.format(Locale.ROOT, "%.1f", s.serverCpuMicrosPerOp()) : "-",
                        row.https() ? String.format(Locale.ROOT, "%.1f", s.clientCpuMicrosPerOp()) : "-",
                        row.https() ? Long.toString(row.connections()) : "-", s.errors(), s.backgroundCores());
            }
            line(out, "");
            boolean selfSign = settings.measures(SELF_SIGN);
            line(out, "  %-15s HTTPS GET /sys/v1/version (no auth, no store, no crypto)", VERSION);
            if (selfSign) {
                line(out, "  %-15s HTTPS POST /sys/v1/accounts/{acct}/replication/credentials/{id}/self_sign",
                        SELF_SIGN);
            }
            if (settings.storeBaseline()) {
                line(out, "  %-15s HTTPS GET  /sys/v1/accounts/{acct}/replication/credentials/{id}"
                        + " (same session + store reads as self_sign)", GET_CREDENTIAL);
            }
            legend(out, SESSION_APIKEY, "HTTPS POST /sys/v1/session/auth, Basic app_id:secret (a new session per request)");
            legend(out, SESSION_MTLS, "HTTPS POST /sys/v1/session/auth, Basic app_id: + the app's client certificate"
                    + " (kept-alive mTLS connection, a new session per request)");
            legend(out, ENCRYPT_AES_GCM, String.format(Locale.ROOT, "HTTPS POST /crypto/v1/encrypt, AES-256 GCM,"
                    + " %d-byte plain, app Bearer session", SourceApiRows.PAYLOAD_BYTES));
            legend(out, SIGN_ECDSA, String.format(Locale.ROOT, "HTTPS POST /crypto/v1/sign, EC NistP256, SHA256 over"
                    + " %d bytes, app Bearer session", SourceApiRows.PAYLOAD_BYTES));
            if (cfssl != null) {
                line(out, "  %-15s HTTPS POST %s to cfssl serve (P-256 key generation + self-signed CA certificate);"
                        + " srv us is the cfssl process's CPU, cpu us this JVM's", CFSSL_INIT_CA, CfsslServer.INIT_CA);
            }
            if (selfSign) {
                line(out, "  %-15s in-process java.security.Signature %s over %d bytes, key and Signature reused",
                        SIGN, type.signatureAlgorithm(), tbsBytes);
                line(out, "  %-15s in-process SelfSignedCertificateFactory.issue with a decoded key (conc = threads)",
                        ISSUE);
                line(out, "  %-15s in-process: KeySealer.open + PKCS#8 decode + issue (self_sign's crypto,"
                        + " no HTTP/store)", UNSEAL_ISSUE);
            }
            line(out, "");
            line(out, "ratios (same run)");
            for (String key : SELECTABLE_ROWS.subList(1, SELECTABLE_ROWS.size())) {
                if (settings.measures(key) && !key.equals(CFSSL_INIT_CA)) {
                    for (int c : settings.clients()) {
                        ratio(out, key + " / version", c, row(key, c), row(VERSION, c));
                    }
                }
            }
            if (selfSign) {
                selfSignRatios(out);
            }
            cfsslRatios(out);
            double background = rows.stream().mapToDouble(r -> r.stats().backgroundCores())
                    .filter(b -> !Double.isNaN(b)).max().orElse(Double.NaN);
            if (background > BUSY_MACHINE_CORES) {
                line(out, "");
                line(out, "WARNING: other processes used up to %.2f cores during a window; the figures are perturbed."
                        + " Rerun on an idle machine.", background);
            }
            if (errors() > 0) {
                line(out, "");
                line(out, "ERRORS: %d failed operations; first: %s", errors(), rows.stream()
                        .map(r -> r.stats().firstError()).filter(e -> e != null).findFirst().orElse("?"));
            }
            return out.toString();
        }

        private void legend(StringBuilder out, String key, String text) {
            if (settings.measures(key)) {
                line(out, "  %-15s %s", key, text);
            }
        }

        private void selfSignRatios(StringBuilder out) {
            if (settings.storeBaseline()) {
                for (int c : settings.clients()) {
                    ratio(out, "self_sign / get_credential", c, row(SELF_SIGN, c), row(GET_CREDENTIAL, c));
                }
            }
            for (int c : settings.clients()) {
                int threads = Math.min(c, settings.inProcessThreads());
                Optional<Row> issue = row(ISSUE, threads);
                if (issue.isPresent()) {
                    line(out, "  %-44s %8.3f", String.format(Locale.ROOT, "self_sign HTTPS @%d / issue in-process @%d",
                            c, threads), row(SELF_SIGN, c).map(Row::perSecond).orElse(Double.NaN) / issue.get().perSecond());
                }
            }
            for (int c : settings.clients()) {
                line(out, "  %-44s %8.3f", String.format(Locale.ROOT, "self_sign HTTPS @%d / sign in-process @1", c),
                        row(SELF_SIGN, c).map(Row::perSecond).orElse(Double.NaN) / rate(SIGN, 1));
            }
            line(out, "  %-44s %8.3f", "issue @1 / sign @1", rate(ISSUE, 1) / rate(SIGN, 1));
            line(out, "  %-44s %8.3f", "unseal+issue @1 / issue @1", rate(UNSEAL_ISSUE, 1) / rate(ISSUE, 1));
            line(out, "  %-44s %8.3f", "self_sign HTTPS @1 / unseal+issue @1",
                    rate(SELF_SIGN, 1) / rate(UNSEAL_ISSUE, 1));
            if (settings.inProcessThreads() > 1) {
                line(out, "  %-44s %8.3f", String.format(Locale.ROOT, "issue @%d / issue @1 (scaling)",
                        settings.inProcessThreads()), rate(ISSUE, settings.inProcessThreads()) / rate(ISSUE, 1));
            }
        }

        private void cfsslRatios(StringBuilder out) {
            if (!settings.measures(CFSSL_INIT_CA)) {
                return;
            }
            if (cfssl == null) {
                line(out, "  %-44s not measured: cfssl is not installed (%s)", CFSSL_INIT_CA, CfsslServer.INSTALL_HINT);
                return;
            }
            for (int c : settings.measures(SELF_SIGN) ? settings.clients() : List.<Integer>of()) {
                ratio(out, "self_sign / cfssl_init_ca", c, row(SELF_SIGN, c), row(CFSSL_INIT_CA, c));
            }
        }

        private double rate(String key, int concurrency) {
            return row(key, concurrency).map(Row::perSecond).orElse(Double.NaN);
        }

        private static void ratio(StringBuilder out, String what, int c, Optional<Row> a, Optional<Row> b) {
            double value = a.isPresent() && b.isPresent() ? a.get().perSecond() / b.get().perSecond() : Double.NaN;
            line(out, "  %-44s %8.3f", String.format(Locale.ROOT, "%s @%d", what, c), value);
        }

        private static String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }

        private static void line(StringBuilder out, String format, Object... args) {
            out.append(String.format(Locale.ROOT, format, args)).append('\n');
        }
    }

    private SelfSignBenchmark() {
    }

    /**
     * Runs every row; progress lines go to {@code progress}. The server is closed and the data
     * directory deleted before returning, also on failure.
     */
    public static Report run(Settings settings, PrintStream progress) throws InterruptedException {
        return run(settings, progress, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #run(Settings, PrintStream)}, with the temporary data directory created under {@code parent}. */
    static Report run(Settings settings, PrintStream progress, Path parent) throws InterruptedException {
        return run(settings, progress, parent, System.getenv("PATH"));
    }

    /** As {@link #run(Settings, PrintStream, Path)}, looking for cfssl in {@code searchPath} (a PATH value). */
    static Report run(Settings settings, PrintStream progress, Path parent, String searchPath)
            throws InterruptedException {
        Optional<Path> cfssl = settings.measures(CFSSL_INIT_CA) ? CfsslServer.find(searchPath) : Optional.empty();
        if (settings.measures(CFSSL_INIT_CA) && cfssl.isEmpty()) {
            progress.printf(Locale.ROOT, "[bench] cfssl is not installed, %s not measured (%s)%n", CFSSL_INIT_CA,
                    CfsslServer.INSTALL_HINT);
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(parent, "replikey-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        try {
            return measure(settings, progress, dataDir, cfssl);
        } finally {
            DataDirectory.deleteRecursively(dataDir);
        }
    }

    private static Report measure(Settings settings, PrintStream progress, Path dataDir, Optional<Path> cfsslExecutable)
            throws InterruptedException {
        CredentialKeyType type = settings.keyType();
        List<Row> rows = new ArrayList<>();
        ServerConfig config = throwAwayConfig(dataDir, type);
        String provider;
        X509Certificate sample;
        String cfsslVersion = null;
        try (ReplikeyServer server = ReplikeyServer.start(config);
                CfsslServer cfssl = cfsslExecutable.isEmpty() ? null
                        : CfsslServer.start(cfsslExecutable.get(), dataDir.getParent())) {
            provider = CryptoProviders.install();
            URI base = URI.create("https://127.0.0.1:" + server.port());
            SSLContext pinned = DsmClient.pinning(server.tlsCertificate());
            DsmClient admin = new DsmClient(base, pinned);
            String email = "bench-" + UUID.randomUUID() + "@example.com";
            BenchCredential credential = BenchCredential.create(admin, email, type);
            sample = credential.checkedCertificate(admin);

            List<HttpsOperation> operations = new ArrayList<>();
            operations.add(new HttpsOperation(VERSION, pinned, "GET", "/sys/v1/version", null, null, body -> null));
            if (settings.measures(SELF_SIGN)) {
                operations.add(credential.selfSign(pinned));
            }
            if (settings.storeBaseline()) {
                operations.add(new HttpsOperation(GET_CREDENTIAL, pinned, "GET", credential.path(),
                        DsmClient.bearer(credential.token()), null, body -> null));
            }
            if (cfssl != null) { // right after self_sign, so their ratio compares neighbours in time
                cfsslVersion = cfssl.version();
                operations.add(cfssl.operation(CFSSL_INIT_CA));
            }
            // A session of its own: selecting the source account must not touch the self_sign session.
            operations.addAll(SourceApiRows.prepare(admin, admin.authenticate(email, BenchCredential.PASSWORD), base,
                    server.tlsCertificate(), settings.rows()));
            // One unreported pass of each HTTPS operation at the highest concurrency first, so the
            // first measured row does not pay for JIT-compiling the server, TLS and client paths.
            int most = settings.clients().stream().mapToInt(Integer::intValue).max().orElseThrow();
            Duration pass = settings.warmup().isZero() ? Duration.ofMillis(100) : settings.warmup();
            progress.printf(Locale.ROOT, "[bench] warming up @%d clients ...%n", most);
            ProcessHandle cfsslProcess = cfssl == null ? null : cfssl.process();
            for (HttpsOperation operation : operations) {
                https(operation, most, Duration.ZERO, pass, base, serverOf(operation, cfsslProcess));
            }
            // Rows of one concurrency back to back, so each ratio to version compares neighbours in time.
            for (int c : settings.clients()) {
                progress.printf(Locale.ROOT, "[bench] HTTPS rows @%d clients ...%n", c);
                for (HttpsOperation operation : operations) {
                    rows.add(https(operation, c, settings.warmup(), settings.window(), base,
                            serverOf(operation, cfsslProcess)));
                }
            }
        }

        if (!settings.measures(SELF_SIGN)) {
            return new Report(settings, provider, environment(), tbsOf(sample).length, derOf(sample).length,
                    cfsslVersion, rows);
        }
        // In-process rows run after the server has stopped, so nothing else competes for the cores.
        KeyPair pair = CredentialKeys.generate(type);
        byte[] spki = pair.getPublic().getEncoded();
        String commonName = SelfSignedCertificateFactory.credentialCommonName(UUID.randomUUID(), UUID.randomUUID());
        byte[] tbs = tbsOf(sample);
        SelfSignedCertificateFactory factory = new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom());

        rows.add(inProcess(settings, progress, SIGN, 1, index -> {
            Signature signature = Signature.getInstance(type.signatureAlgorithm());
            signature.initSign(pair.getPrivate());
            return () -> {
                signature.update(tbs);
                return signature.sign().length > 0 ? null : "empty signature";
            };
        }));
        List<Integer> issueThreads = settings.inProcessThreads() > 1 ? List.of(1, settings.inProcessThreads())
                : List.of(1);
        for (int threads : issueThreads) {
            rows.add(inProcess(settings, progress, ISSUE, threads, index ->
                    () -> factory.issue(commonName, spki, pair.getPrivate(), type).length > 0 ? null : "empty"));
        }
        // The same steps as ReplicationCredentialService.selfSign after its store read.
        KeySealer sealer = KeySealer.of(MasterKey.of(randomBytes(32), 1));
        SealingContext sealingContext = ReplicationCredentialService.sealingContext(UUID.randomUUID(), UUID.randomUUID());
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] sealed = sealer.seal(pkcs8, sealingContext);
        Arrays.fill(pkcs8, (byte) 0);
        rows.add(inProcess(settings, progress, UNSEAL_ISSUE, 1, index -> () -> {
            CredentialKeyType storedType = CredentialKeyType.parse(type.configName());
            byte[] opened = sealer.open(sealed, sealingContext);
            try {
                PrivateKey key = CredentialKeys.decodePrivate(storedType, opened);
                return factory.issue(commonName, spki, key, storedType).length > 0 ? null : "empty";
            } finally {
                Arrays.fill(opened, (byte) 0);
            }
        }));

        return new Report(settings, provider, environment(), tbs.length, derOf(sample).length, cfsslVersion, rows);
    }

    /**
     * The configuration of a throw-away server in {@code dataDir}: 127.0.0.1, an ephemeral port,
     * SQLite in the data directory, open signup. The process environment is ignored, so
     * REPLIKEY_DATABASE and friends cannot redirect the benchmark's writes.
     */
    static ServerConfig throwAwayConfig(Path dataDir, CredentialKeyType type) {
        return ConfigLoader.load(Map.of("data-dir", dataDir.toString(), "bind", "127.0.0.1", "port", "0",
                "signup", "open", "credential-key-type", type.configName()), Map.of(), null);
    }

    /** The process serving {@code operation} when it is not this JVM (cfssl's rows), else null. */
    private static ProcessHandle serverOf(HttpsOperation operation, ProcessHandle cfssl) {
        return operation.key().equals(CFSSL_INIT_CA) ? cfssl : null;
    }

    static Row https(HttpsOperation operation, int clients, Duration warmup, Duration window, URI base,
            ProcessHandle externalServer) throws InterruptedException {
        AtomicLong connections = new AtomicLong();
        LoadStats stats = ClosedLoop.run("bench-" + operation.key(), clients, warmup, window, index -> {
            // Its own client, hence its own connection pool: N clients hold N connections.
            DsmClient client = new DsmClient(base, new CountingSslContext(operation.ssl(), connections));
            return () -> {
                DsmClient.Exchange exchange = client.send(operation.method(), operation.path(),
                        operation.authorization(), operation.body());
                if (exchange.status() != 200) {
                    return "HTTP " + exchange.status() + " " + abbreviate(exchange.body());
                }
                return operation.check().problem(exchange.body());
            };
        }, externalServer);
        return new Row(operation.key(), clients, stats, connections.get());
    }

    private static Row inProcess(Settings settings, PrintStream progress, String key, int threads,
            ClosedLoop.OperationFactory factory) throws InterruptedException {
        progress.printf(Locale.ROOT, "[bench] %s in-process @%d threads ...%n", key, threads);
        return new Row(key, threads, ClosedLoop.run("bench-" + key, threads, settings.warmup(), settings.window(),
                factory), -1);
    }

    private static byte[] derOf(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tbsOf(X509Certificate certificate) {
        try {
            return certificate.getTBSCertificate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String environment() {
        return String.format(Locale.ROOT, "%d available processors, %s %s, Java %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                "max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
