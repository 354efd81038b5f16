package io.replikey.bench;

import io.replikey.client.DsmClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replikey bench slow-clients}: runs {@link SlowClientAttack} against a running server and
 * prints what a well-behaved client got meanwhile. Exit code 0 when every probe succeeded, 1 when
 * any failed, 2 for invalid options. Point it only at a server of your own (loopback in
 * {@code bench/slow-clients.sh}). Not thread-safe (a picocli command).
 */
@Command(name = "slow-clients", mixinStandardHelpOptions = true,
        description = {"Hold many slow connections (withheld and trickled headers and bodies) open against a "
                + "running replikey server, while timing new TLS handshakes and GET /sys/v1/version on new "
                + "connections."})
public final class SlowClientsCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "https://127.0.0.1:8443",
            description = "Server (default: ${DEFAULT-VALUE}).")
    URI url;
    @Option(names = "--cacert", defaultValue = "replikey-data/tls/server-cert.pem",
            description = "PEM certificate the server presents (default: ${DEFAULT-VALUE}).")
    Path cacert;
    @Option(names = "--connections", defaultValue = "1000",
            description = "Slow connections (default: ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--seconds", defaultValue = "30", description = "Duration (default: ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--token", description = "A valid Bearer token, for slow requests that pass authentication.")
    String token;
    @Option(names = "--tick-ms", defaultValue = "1000", description = "Trickling interval (default: ${DEFAULT-VALUE}).")
    int tickMillis;

    @Override
    public Integer call() throws InterruptedException {
        if (connections < 1 || connections > 10_000 || seconds < 1 || seconds > 600 || tickMillis < 10) {
            System.err.println("--connections must be 1..10000, --seconds 1..600, --tick-ms at least 10");
            return 2;
        }
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(cacert)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("cannot read --cacert " + cacert + ": " + e.getMessage());
            return 2;
        }
        SlowClientAttack.Report report = SlowClientAttack.run(new SlowClientAttack.Settings(url,
                DsmClient.pinning(certificate), connections, Duration.ofSeconds(seconds), token,
                Duration.ofMillis(tickMillis), Duration.ofMillis(250)), System.err);
        System.out.print(report.format());
        return report.probeFailures() == 0 ? 0 : 1;
    }
}
