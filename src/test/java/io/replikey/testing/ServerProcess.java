package io.replikey.testing;

import io.replikey.client.DsmClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replikey server in its own JVM ({@code java -cp <test classpath> io.replikey.cli.Main …}), for
 * tests that must kill a server outright, or keep it apart from the test's own threads and heap.
 *
 * <p>{@link #start} waits for the {@code replikey … listening on https://…:PORT} line on standard
 * output and then reads the server's certificate, so the {@link #client()} pins exactly it. The
 * process's standard output and error go to files under {@code target/server-processes/} (named
 * in every failure message) for diagnosis. The process inherits this JVM's environment without its
 * {@code REPLIKEY_*} variables, plus the given ones.
 *
 * <p>Not thread-safe: one test thread starts and ends a process; {@link #client()} may be shared.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("^replikey .*listening on https://\\S+:(\\d+)$",
            Pattern.MULTILINE);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** Linux reports a process ended by signal N with exit status 128 + N. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;
    private final X509Certificate certificate;
    private final DsmClient client;

    private ServerProcess(Process process, Path stdout, Path stderr, int port, X509Certificate certificate) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
        this.certificate = certificate;
        this.client = new DsmClient(baseUri(), DsmClient.pinning(certificate));
    }

    /**
     * Starts {@code replikey <args>} and waits until it listens. {@code args} name the subcommand
     * ({@code serve}), take {@code --port 0} and a {@code --data-dir} (or {@code REPLIKEY_DATA_DIR}
     * in {@code env}); the server's certificate is read from {@code --tls-cert} when given, else
     * from {@code <data-dir>/tls/server-cert.pem}.
     *
     * @param label names the log files, e.g. the test and the backend
     */
    public static ServerProcess start(String label, List<String> args, Map<String, String> env) {
        String name = label + "-" + STARTED.incrementAndGet();
        Path logs = buildDirectory().resolve("server-processes");
        Path stdout = logs.resolve(name + ".stdout");
        Path stderr = logs.resolve(name + ".stderr");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                // A test server needs no peak performance: a small heap and the quick compiler spare the 2 cores.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.replikey.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(variable -> variable.startsWith("REPLIKEY_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(logs);
            Process process = builder.start();
            try {
                int port = awaitListening(process, stdout, stderr);
                return new ServerProcess(process, stdout, stderr, port, readCertificate(certificateFile(args, env)));
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** The certificate the server presents. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A client that trusts exactly this server's certificate. */
    public DsmClient client() {
        return client;
    }

    public long pid() {
        return process.pid();
    }

    public Path stdoutFile() {
        return stdout;
    }

    public Path stderrFile() {
        return stderr;
    }

    /**
     * Ends the process with SIGKILL (no shutdown hook, no flush, no close) and waits until it is
     * gone; fails unless the operating system reports death by SIGKILL.
     */
    public void kill() {
        process.destroyForcibly();
        int status = awaitExit();
        if (status != KILLED_BY_SIGKILL) {
            throw new IllegalStateException("server " + describe() + " exited with " + status
                    + ", not by SIGKILL (" + KILLED_BY_SIGKILL + ")");
        }
    }

    /** Asks the process to stop with SIGTERM (graceful shutdown) and returns its exit status. */
    public int stop() {
        process.destroy();
        return awaitExit();
    }

    /** Kills the process if it still runs; for cleanup after a failure. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** The process id and its log files, for failure messages. */
    public String describe() {
        return "pid " + process.pid() + " (stdout " + stdout + ", stderr " + stderr + ")";
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("server " + describe() + " did not exit within " + EXIT_TIMEOUT);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + describe(), e);
        }
    }

    private static int awaitListening(Process process, Path stdout, Path stderr) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Matcher listening = LISTENING.matcher(Files.readString(stdout));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue()
                        + " before listening; stderr " + stderr + ":\n" + Files.readString(stderr));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server to listen", e);
            }
        }
        throw new IllegalStateException("server did not listen within " + START_TIMEOUT + "; see " + stdout
                + " and " + stderr);
    }

    private static Path certificateFile(List<String> args, Map<String, String> env) {
        String tlsCert = optionValue(args, "--tls-cert");
        if (tlsCert != null) {
            return Path.of(tlsCert);
        }
        String dataDir = optionValue(args, "--data-dir");
        if (dataDir == null) {
            dataDir = env.get("REPLIKEY_DATA_DIR");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException(
                    "give --data-dir (or REPLIKEY_DATA_DIR) so the certificate can be found");
        }
        return Path.of(dataDir, "tls", "server-cert.pem");
    }

    private static String optionValue(List<String> args, String option) {
        int at = args.indexOf(option);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
    }

    private static X509Certificate readCertificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server certificate " + pem, e);
        } catch (CertificateException e) {
            throw new IllegalStateException("the server certificate " + pem + " does not parse", e);
        }
    }

    /** {@code target/}: the parent of the directory these test classes were loaded from. */
    private static Path buildDirectory() {
        try {
            return Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
