package io.replikey.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Holds many slow connections open against a replikey server while timing what a well-behaved
 * client gets meanwhile: the slowloris and slow-POST attacks of issue 5, bounded in count and time.
 *
 * <p>Each attacking connection runs one {@link Kind} of script on its own thread: it opens TLS,
 * sends part of a request, then withholds or trickles the rest, and reads until the server answers
 * or closes. When the server closes it, the thread opens another, so the pressure holds for the
 * whole run. Meanwhile a probe thread, every {@code probeInterval}, times a bare TLS handshake on a
 * new connection and a complete {@code GET /sys/v1/version} on another new connection.
 *
 * <p>Limits: targets only the given URL (tests and the bench point it at loopback); every loop is
 * bounded by {@code duration}. Uses one thread per attacking connection. Not thread-safe: one
 * {@link #run} at a time.
 */
public final class SlowClientAttack {
    /** What an attacking connection does after the TLS handshake. */
    public enum Kind {
        /** Headers announcing a 100-byte body, one byte of it, then nothing; no credentials. */
        WITHHELD_BODY,
        /** The same with a valid Bearer token, so the request passes authentication. */
        WITHHELD_BODY_AUTHENTICATED,
        /** A request line, then one more header line per tick, never ending the headers. */
        TRICKLED_HEADERS,
        /** Complete headers announcing a 100,000-byte body, then one byte of body per tick. */
        TRICKLED_BODY
    }

    /**
     * @param base          the server, e.g. {@code https://127.0.0.1:8443}
     * @param ssl           trusts the server's certificate
     * @param connections   attacking connections held open at once, spread evenly over the kinds
     * @param duration      how long the attack and the probing last
     * @param bearerToken   a valid session token for {@link Kind#WITHHELD_BODY_AUTHENTICATED} (null: that kind is skipped)
     * @param tick          the trickling interval
     * @param probeInterval time between two probes
     */
    public record Settings(URI base, SSLContext ssl, int connections, Duration duration, String bearerToken,
            Duration tick, Duration probeInterval) {
    }

    /** How the server treated one kind of attacking connection; lifetimes count from the end of the handshake. */
    public record KindOutcome(int opened, int closedByServer, Map<String, Integer> answers, long maxLifetimeMillis) {
    }

    /**
     * @param requestMillis   complete GET /sys/v1/version on a new connection, per probe (failed probes excluded)
     * @param handshakeMillis bare TLS handshakes on new connections, per probe (failed ones excluded)
     * @param probeFailures   probes that failed or timed out (10 s), with their first error
     */
    public record Report(List<Double> requestMillis, List<Double> handshakeMillis, int probeFailures,
            String firstProbeError, Map<Kind, KindOutcome> kinds, int peakOpen) {

        public String format() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "peak attacking connections open: %d%n", peakOpen));
            out.append(row("GET /sys/v1/version (new connection)", requestMillis));
            out.append(row("TLS handshake (new connection)", handshakeMillis));
            out.append(String.format(Locale.ROOT, "probe failures: %d%s%n", probeFailures,
                    firstProbeError == null ? "" : " (first: " + firstProbeError + ")"));
            kinds.forEach((kind, o) -> out.append(String.format(Locale.ROOT,
                    "%-28s opened %5d, closed by server %5d, longest lived %6d ms, answers %s%n",
                    kind, o.opened(), o.closedByServer(), o.maxLifetimeMillis(), o.answers())));
            return out.toString();
        }

        private static String row(String name, List<Double> millis) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return String.format(Locale.ROOT, "%-40s no successful probe%n", name);
            }
            return String.format(Locale.ROOT, "%-40s n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", name,
                    sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        public double maxRequestMillis() {
            return requestMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        public double maxHandshakeMillis() {
            return handshakeMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;
    private final long endNanos;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);

    private SlowClientAttack(Settings settings) {
        this.settings = settings;
        this.endNanos = System.nanoTime() + settings.duration().toNanos();
        for (Kind kind : kinds(settings)) {
            tallies.put(kind, new Tally());
        }
    }

    /** Runs the attack and the probes for {@code settings.duration()} and reports. */
    public static Report run(Settings settings, PrintStream log) throws InterruptedException {
        return new SlowClientAttack(settings).attack(log);
    }

    private static List<Kind> kinds(Settings settings) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.values()));
        if (settings.bearerToken() == null) {
            kinds.remove(Kind.WITHHELD_BODY_AUTHENTICATED);
        }
        return kinds;
    }

    private Report attack(PrintStream log) throws InterruptedException {
        List<Kind> kinds = new ArrayList<>(tallies.keySet());
        List<Thread> threads = new ArrayList<>();
        long rampNanos = ramp().toNanos();
        for (int i = 0; i < settings.connections(); i++) {
            Kind kind = kinds.get(i % kinds.size());
            // Spread the first connections over the ramp: a thundering herd of handshakes measures the herd.
            Duration delay = Duration.ofNanos(rampNanos * i / settings.connections());
            Thread thread = new Thread(() -> {
                pause(delay);
                attackLoop(kind);
            }, "slow-" + kind + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        log.printf(Locale.ROOT, "holding %d slow connections for %d s%n", settings.connections(),
                settings.duration().toSeconds());
        Probes probes = probe();
        for (Thread thread : threads) {
            thread.join(Math.max(1, PROBE_TIMEOUT.toMillis()));
        }
        Map<Kind, KindOutcome> outcomes = new EnumMap<>(Kind.class);
        tallies.forEach((kind, tally) -> outcomes.put(kind, tally.outcome()));
        return new Report(probes.requests, probes.handshakes, probes.failures.get(), probes.firstError,
                outcomes, peakOpen.get());
    }

    private Duration ramp() {
        return Duration.ofMillis(Math.min(2_000, settings.duration().toMillis() / 4));
    }

    private boolean running() {
        return System.nanoTime() - endNanos < 0;
    }

    private void attackLoop(Kind kind) {
        Tally tally = tallies.get(kind);
        while (running()) {
            try {
                slowConnection(kind, tally);
            } catch (IOException | RuntimeException e) {
                // Refused or reset: count it as closed by the server and open the next one.
                tally.closed.incrementAndGet();
                pause(settings.tick());
            }
        }
    }

    private void slowConnection(Kind kind, Tally tally) throws IOException {
        try (SSLSocket socket = (SSLSocket) settings.ssl().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(settings.base().getHost(), settings.base().getPort()), 10_000);
            socket.startHandshake();
            long opened = System.nanoTime();
            tally.opened.incrementAndGet();
            peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                String answer = play(kind, socket);
                tally.recordClose(answer, (System.nanoTime() - opened) / 1_000_000);
            } finally {
                open.decrementAndGet();
            }
        }
    }

    /** Plays the script; returns the status line the server answered with, "closed" or "still open". */
    private String play(Kind kind, SSLSocket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        String host = "Host: " + settings.base().getHost() + "\r\n";
        String auth = settings.bearerToken() == null ? "" : "Authorization: Bearer " + settings.bearerToken() + "\r\n";
        String head = switch (kind) {
            case WITHHELD_BODY -> "POST /sys/v1/accounts HTTP/1.1\r\n" + host
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
            case WITHHELD_BODY_AUTHENTICATED -> "POST /sys/v1/accounts HTTP/1.1\r\n" + host + auth
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
            case TRICKLED_HEADERS -> "POST /sys/v1/accounts HTTP/1.1\r\n" + host;
            case TRICKLED_BODY -> "POST /sys/v1/accounts HTTP/1.1\r\n" + host + auth
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
        };
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout((int) Math.max(1, settings.tick().toMillis()));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256];
        int line = 0;
        while (running()) {
            try {
                int n = in.read(buffer);
                return n < 0 ? "closed" : statusLine(buffer, n);
            } catch (SocketTimeoutException e) {
                String more = switch (kind) {
                    case TRICKLED_HEADERS -> "X-Slow-" + line++ + ": x\r\n";
                    case TRICKLED_BODY -> " ";
                    default -> "";
                };
                if (!more.isEmpty()) {
                    out.write(more.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }
        return "still open";
    }

    /** The first line of what the server sent, e.g. "HTTP/1.1 408 Request Timeout" → "408". */
    private static String statusLine(byte[] buffer, int n) {
        String text = new String(buffer, 0, n, StandardCharsets.US_ASCII);
        return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? text.substring(9, 12) : "other";
    }

    private static final class Tally {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        final AtomicLong maxLifetime = new AtomicLong();

        void recordClose(String answer, long lifetimeMillis) {
            if (!answer.equals("still open")) {
                closed.incrementAndGet();
                maxLifetime.accumulateAndGet(lifetimeMillis, Math::max);
            }
            answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
        }

        KindOutcome outcome() {
            Map<String, Integer> counts = new TreeMap<>();
            answers.forEach((answer, count) -> counts.put(answer, count.get()));
            return new KindOutcome(opened.get(), closed.get(), counts, maxLifetime.get());
        }
    }

    private static final class Probes {
        final List<Double> requests = Collections.synchronizedList(new ArrayList<>());
        final List<Double> handshakes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures = new AtomicInteger();
        volatile String firstError;

        void failed(Exception e) {
            if (failures.getAndIncrement() == 0) {
                firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    private Probes probe() {
        Probes probes = new Probes();
        // Let the attackers connect first, so the probes measure the server under attack.
        pause(ramp());
        while (running()) {
            long start = System.nanoTime();
            try {
                probes.handshakes.add(handshakeMillis());
            } catch (IOException | RuntimeException e) {
                probes.failed(e);
            }
            try {
                probes.requests.add(requestMillis());
            } catch (IOException | RuntimeException e) {
                probes.failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long spent = System.nanoTime() - start;
            pause(Duration.ofNanos(Math.max(0, settings.probeInterval().toNanos() - spent)));
        }
        return probes;
    }

    private double handshakeMillis() throws IOException {
        long start = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) settings.ssl().getSocketFactory().createSocket()) {
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress(settings.base().getHost(), settings.base().getPort()),
                    (int) PROBE_TIMEOUT.toMillis());
            socket.startHandshake();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private double requestMillis() throws IOException, InterruptedException {
        // A new client each time: a new connection and so a new TLS handshake, as a new user would make.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(settings.ssl())
                .connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(settings.base().resolve("/sys/v1/version"))
                .timeout(PROBE_TIMEOUT).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IOException("GET /sys/v1/version answered " + response.statusCode());
        }
        return millis;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
