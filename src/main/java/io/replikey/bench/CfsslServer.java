package io.replikey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replikey.client.DsmClient;
import io.replikey.server.DataDirectory;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.ServerTlsMaterial;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * CloudFlare's {@code cfssl serve} started beside {@code replikey bench}, so that self_sign is
 * compared with cfssl's {@code POST /api/v1/cfssl/init_ca} (an EC P-256 key pair generated and a
 * self-signed CA certificate issued per request) in the same run, with the same closed-loop client,
 * over the same kind of TLS: cfssl presents an EC P-256 certificate made by the code that makes
 * replikey's own ({@link ServerTlsMaterial}), on a free port of 127.0.0.1.
 *
 * <p>Limits: cfssl needs its TLS key as a file, so the throw-away key of this run is written in
 * PEM to a fresh owner-only temporary directory, which {@link #close} deletes with the process's
 * log. cfssl runs at log level warning, so it does not log every request. One instance per
 * benchmark run; {@link #operation} may be used from any thread, {@link #close} once.
 */
final class CfsslServer implements AutoCloseable {
    static final String INIT_CA = "/api/v1/cfssl/init_ca";
    static final String INSTALL_HINT = "apt-get install golang-cfssl";
    private static final byte[] P256_REQUEST = "{\"CN\":\"replikey bench\",\"key\":{\"algo\":\"ecdsa\",\"size\":256}}"
            .getBytes(StandardCharsets.US_ASCII);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path directory;
    private final URI base;
    private final SSLContext pinned;
    private final String version;

    private CfsslServer(Process process, Path directory, URI base, SSLContext pinned, String version) {
        this.process = process;
        this.directory = directory;
        this.base = base;
        this.pinned = pinned;
        this.version = version;
    }

    /** The {@code cfssl} executable in the directories of {@code searchPath} (a PATH value), if any. */
    static Optional<Path> find(String searchPath) {
        return Stream.of(searchPath == null ? new String[0] : searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "cfssl"))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file)).findFirst();
    }

    /**
     * Starts {@code executable serve} with TLS in a new temporary directory under {@code parent}
     * and returns once one init_ca answer has been checked in full (success, a parseable
     * self-signed certificate over a P-256 key). Stops the process and deletes the directory when
     * it cannot.
     */
    static CfsslServer start(Path executable, Path parent) throws InterruptedException {
        Path directory;
        try {
            directory = Files.createTempDirectory(parent, "replikey-bench-cfssl-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for cfssl", e);
        }
        Process process = null;
        boolean started = false;
        try {
            X509Certificate certificate = writeTlsFiles(directory);
            SSLContext pinned = DsmClient.pinning(certificate);
            String version = version(executable);
            // A free port may be taken between probing and cfssl's bind: then cfssl exits and another is tried.
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                process = new ProcessBuilder(executable.toString(), "serve", "-address", "127.0.0.1",
                        "-port", Integer.toString(port), "-tls-cert", directory.resolve("cert.pem").toString(),
                        "-tls-key", directory.resolve("key.pem").toString(), "-loglevel", "2")
                        .redirectErrorStream(true).redirectOutput(directory.resolve("cfssl.log").toFile()).start();
                URI base = URI.create("https://127.0.0.1:" + port);
                if (answers(process, new DsmClient(base, pinned))) {
                    started = true;
                    return new CfsslServer(process, directory, base, pinned, version);
                }
                if (attempt == 3) {
                    throw new IllegalStateException("cfssl serve did not start: " + log(directory));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start cfssl", e);
        } finally {
            if (!started) {
                if (process != null) {
                    stop(process);
                }
                DataDirectory.deleteRecursively(directory);
            }
        }
    }

    /** The init_ca request as a benchmark row: 200 with {@code "success":true}. */
    HttpsOperation operation(String key) {
        // An absolute URL: DsmClient resolves it against its base, so it reaches cfssl, not replikey.
        return new HttpsOperation(key, pinned, "POST", base.resolve(INIT_CA).toString(), null, P256_REQUEST,
                body -> body.contains("\"success\":true") ? null
                        : "no success in " + SelfSignBenchmark.abbreviate(body));
    }

    /** The cfssl process, whose CPU the benchmark reports as the server's for cfssl's rows. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** The version {@code cfssl version} printed and the executable, e.g. {@code 1.2.0 (/usr/bin/cfssl)}. */
    String version() {
        return version;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop(process);
        } finally {
            DataDirectory.deleteRecursively(directory);
        }
    }

    /** Polls init_ca until it answers; true once one answer checked out, false when the process ended. */
    private static boolean answers(Process process, DsmClient client) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            DsmClient.Exchange exchange;
            try {
                exchange = client.send("POST", INIT_CA, null, P256_REQUEST);
            } catch (RuntimeException notYetListening) {
                Thread.sleep(100);
                continue;
            }
            checkInitCa(exchange);
            return true;
        }
        if (process.isAlive()) {
            throw new IllegalStateException("cfssl serve did not answer within " + START_TIMEOUT.toSeconds() + " s");
        }
        return false;
    }

    /** One init_ca answer in full: 200, success, and a self-signed certificate over an EC P-256 key. */
    static void checkInitCa(DsmClient.Exchange exchange) {
        if (exchange.status() != 200) {
            throw new IllegalStateException("cfssl init_ca answered HTTP " + exchange.status() + ": " + exchange.body());
        }
        try {
            JsonNode answer = new ObjectMapper().readTree(exchange.body());
            if (!answer.path("success").asBoolean(false)) {
                throw new IllegalStateException("cfssl init_ca did not succeed: " + exchange.body());
            }
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(answer.at("/result/certificate").asText()
                            .getBytes(StandardCharsets.US_ASCII)));
            certificate.verify(certificate.getPublicKey());
            if (!(certificate.getPublicKey() instanceof ECPublicKey ec)
                    || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalStateException("cfssl init_ca made no P-256 key: " + certificate.getPublicKey());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cfssl init_ca answered no valid certificate", e);
        }
    }

    /** An EC P-256 certificate for 127.0.0.1 as replikey makes its own, and its key, in PEM files for cfssl. */
    private static X509Certificate writeTlsFiles(Path directory) throws IOException {
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        KeySealer sealer = KeySealer.of(MasterKey.of(masterKey, 1));
        Path tls = directory.resolve("tls");
        ServerTlsMaterial material = ServerTlsMaterial.loadOrGenerate(tls, "127.0.0.1", sealer);
        Files.copy(tls.resolve("server-cert.pem"), directory.resolve("cert.pem"));
        byte[] pkcs8;
        try {
            pkcs8 = material.keyStore().getKey(ServerTlsMaterial.ALIAS, material.password()).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the generated TLS key does not load", e);
        }
        try {
            StringWriter pem = new StringWriter();
            try (PemWriter writer = new PemWriter(pem)) {
                writer.writeObject(new PemObject("PRIVATE KEY", pkcs8));
            }
            Path key = Files.createFile(directory.resolve("key.pem"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem.toString(), StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        return material.certificate();
    }

    private static String version(Path executable) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString(), "version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        String version = output.lines().findFirst().orElse("").replaceFirst("^Version:", "").trim();
        return (version.isEmpty() ? "unknown version" : version) + " (" + executable + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String log(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("cfssl.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
