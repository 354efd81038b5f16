package io.replikey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.demo.DemoCommand;
import io.replikey.demo.DemoCommand.Replica;
import io.replikey.demo.DemoCommand.Session;
import io.replikey.server.DataDirectory;
import io.replikey.server.ReplikeyServer;
import io.replikey.wire.AccountRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replikey bench scan}: for each size, starts a fresh source and destination server in this
 * JVM (SQLite in a temporary directory, deleted at the end), creates that many AES-128 keys on the
 * source, connects a replication account as {@code replikey demo} does, and times a full scan and
 * a rescan with no changes, printing objects per second, the CPU the JVM used, and the rescan/full
 * ratio. Further full scans into fresh destination servers measure the live heap: the sampler
 * forces a full collection every {@link #LIVE_SAMPLE} and records what survives, so the mark is
 * what the JVM holds, not garbage awaiting collection. Smaller sizes get more of these scans (the
 * largest size divided by theirs), so that each size is sampled over about as many objects. Exit code 0 when every scan succeeded with
 * the expected counts, 1 otherwise, 2 for invalid options.
 *
 * <p>Limits: both servers share this JVM, so CPU and heap include the source's work (listing and
 * exporting) as well as the destination's; the live heap is sampled, so a peak shorter than the
 * interval can be missed, and the forced collections slow that second scan (it is not timed).
 * Needs the machine to itself for meaningful figures. Not thread-safe (a picocli command).
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Time a full replication scan and a rescan with no changes between two local servers, "
                + "and their heap high-water marks, for each number of AES-128 keys on the source.",
                "Starts throw-away in-process servers (SQLite in a temporary directory, deleted at the end)."})
public final class ScanBenchCommand implements Callable<Integer> {
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(30);
    static final Duration LIVE_SAMPLE = Duration.ofMillis(100);
    private static final DateTimeFormatter DSM_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--objects", split = ",", defaultValue = "1000,10000",
            description = "Keys on the source, comma separated; one full scan and one rescan each "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Integer> objects;
    @Option(names = "--clients", defaultValue = "4",
            description = "Client threads creating the keys (default: ${DEFAULT-VALUE}).")
    int clients;

    @Spec
    CommandSpec spec;

    /** One scan's figures: wall time, the scan record's own span, the JVM's CPU time and counts. */
    private record Measured(double wallSeconds, String recordSpan, double cpuSeconds, JsonNode counts) {
    }

    /** The live heap (after a full collection) before a scan and its highest sample during it. */
    private record LiveHeap(long before, long peak) {
        long scanOwn() {
            return Math.max(0, peak - before);
        }
    }

    private record Row(int objects, Measured full, Measured rescan, LiveHeap heap) {
        String format() {
            return String.format("%8d  %8.2f  %10.0f  %-11s  %6.1f  %9.3f  %8.1f  %14.1f  %12.1f%n", objects,
                    full.wallSeconds(), objects / full.wallSeconds(), full.recordSpan(), full.cpuSeconds(),
                    rescan.wallSeconds(), 100 * rescan.wallSeconds() / full.wallSeconds(), mib(heap.peak()),
                    mib(heap.scanOwn()));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (objects.stream().anyMatch(n -> n < 1 || n > 1_000_000) || clients < 1 || clients > 64) {
            err.println("--objects must be in [1, 1000000] and --clients in [1, 64]");
            err.flush();
            return 2;
        }
        List<Row> rows = new ArrayList<>();
        boolean ok = true;
        for (int n : objects) {
            try {
                Row row = measure(n, err);
                ok &= expected(row, n, err);
                rows.add(row);
            } catch (IOException | RuntimeException e) { // the run ends with its reason, never a stack trace
                err.println("scan benchmark failed at " + n + " objects: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        out.println("  objects  full (s)   objects/s  record span  CPU s   rescan (s)  rescan %  live heap MiB"
                + "  scan's MiB");
        rows.forEach(row -> out.print(row.format()));
        out.printf("CPU s: the JVM's CPU time during the full scan (%d cores). live heap: highest heap after a forced "
                + "full collection, sampled every %d ms during full scans into fresh destinations (as many objects for each size); "
                + "scan's: that minus the live heap before it. Source and destination share this JVM.%n",
                Runtime.getRuntime().availableProcessors(), LIVE_SAMPLE.toMillis());
        for (int i = 1; i < rows.size(); i++) {
            LiveHeap big = rows.get(i).heap();
            LiveHeap small = rows.get(0).heap();
            out.printf("live heap mark at %d objects / at %d objects: %.2f (scan's own: %.2f)%n", rows.get(i).objects(),
                    rows.get(0).objects(), (double) big.peak() / Math.max(1, small.peak()),
                    (double) big.scanOwn() / Math.max(1, small.scanOwn()));
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private Row measure(int n, PrintWriter err) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "replikey-bench-scan-");
        try (ReplikeyServer source = DemoCommand.start(dir.resolve("source"), Map.of())) {
            Path sourceCertificate = dir.resolve("source").resolve("tls").resolve("server-cert.pem");
            try (ReplikeyServer destination = DemoCommand.start(dir.resolve("destination"),
                    Map.of("replication-trust-ca", sourceCertificate.toString()))) {
                URI sourceUri = URI.create("https://127.0.0.1:" + source.port());
                DsmClient sourceClient = new DsmClient(sourceUri, DsmClient.pinning(source.tlsCertificate()));
                Session owner = DemoCommand.signUp(sourceClient, "owner");
                UUID acct = sourceClient.createAccount(owner.token(), new AccountRequest("bench", null, null, null))
                        .acctId();
                DemoCommand.select(owner, acct);
                String groupId = owner.call("POST", "/sys/v1/groups", Map.of("name", "bench")).get("group_id").asText();
                createKeys(owner, groupId, n);
                err.printf("%d AES-128 keys created on the source%n", n);
                err.flush();
                Replica replica = connect(owner, groupId, sourceUri, destination);
                Measured full = timedScan(replica);
                Measured rescan = timedScan(replica);
                // A short scan offers the sampler fewer chances to meet its peak: small sizes are
                // scanned several times, so that every size is sampled over about as many objects.
                LiveHeap heap = null;
                for (int round = 0; round < Math.max(1, Collections.max(objects) / n); round++) {
                    try (ReplikeyServer fresh = DemoCommand.start(dir.resolve("heap-destination-" + round),
                            Map.of("replication-trust-ca", sourceCertificate.toString()))) {
                        LiveHeap sampled = liveHeapOfScan(connect(owner, groupId, sourceUri, fresh));
                        heap = heap == null || sampled.scanOwn() > heap.scanOwn() ? sampled : heap;
                    }
                }
                return new Row(n, full, rescan, heap);
            }
        } finally {
            DataDirectory.deleteRecursively(dir);
        }
    }

    private static Replica connect(Session owner, String groupId, URI sourceUri, ReplikeyServer destination) {
        return DemoCommand.connect(owner, groupId, sourceUri, new DsmClient(
                URI.create("https://127.0.0.1:" + destination.port()), DsmClient.pinning(destination.tlsCertificate())),
                (step, result) -> { });
    }

    /** Generates the keys over HTTPS from several client threads (one session, as one user would). */
    private void createKeys(Session owner, String groupId, int n) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, Object> fields = Map.of("name", "bench-" + i, "obj_type", "AES", "key_size", 128,
                        "key_ops", List.of("ENCRYPT", "DECRYPT", "EXPORT", "APPMANAGEABLE"));
                created.add(pool.submit(() -> DemoCommand.createKey(owner, groupId, fields)));
            }
            for (Future<String> key : created) {
                key.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("creating a key failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Measured timedScan(Replica replica) throws InterruptedException {
        long cpu = ClosedLoop.processCpuNanos();
        long start = System.nanoTime();
        JsonNode scan = DemoCommand.scan(replica, SCAN_TIMEOUT);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpu < 0 ? Double.NaN : (ClosedLoop.processCpuNanos() - cpu) / 1e9;
        return new Measured(wall, recordSpan(scan), cpuSeconds, scan.get("counts"));
    }

    private static LiveHeap liveHeapOfScan(Replica replica) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(LIVE_SAMPLE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-live-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            DemoCommand.scan(replica, SCAN_TIMEOUT);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        return new LiveHeap(before, peak.get());
    }

    /** The scan record's finished_at - started_at: whole seconds only (DSM's time format). */
    private static String recordSpan(JsonNode scan) {
        Instant started = DSM_TIME.parse(scan.get("started_at").asText(), Instant::from);
        Instant finished = DSM_TIME.parse(scan.get("finished_at").asText(), Instant::from);
        return Duration.between(started, finished).toSeconds() + " s";
    }

    private static boolean expected(Row row, int n, PrintWriter err) {
        String full = "{\"groups_seen\":1,\"objects_seen\":" + n + ",\"created\":" + n
                + ",\"updated\":0,\"deleted\":0,\"unexportable\":0}";
        String rescan = "{\"groups_seen\":1,\"objects_seen\":" + n
                + ",\"created\":0,\"updated\":0,\"deleted\":0,\"unexportable\":0}";
        boolean ok = full.equals(row.full().counts().toString()) && rescan.equals(row.rescan().counts().toString());
        if (!ok) {
            err.println("unexpected counts at " + n + " objects: full " + row.full().counts() + ", rescan "
                    + row.rescan().counts());
            err.flush();
        }
        return ok;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
