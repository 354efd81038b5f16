package io.replikey.bench;

import io.replikey.server.crypto.CredentialKeyType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replikey bench}: runs {@link SelfSignBenchmark} and prints its report to standard output
 * (progress and server logs go to standard error). Exit code 0 when every request succeeded,
 * 1 when any failed (the figures are then not a measurement), 2 for invalid options.
 *
 * <p>Limits: starts its own server in this JVM and needs the machine to itself for meaningful
 * figures; with the defaults it runs for about four minutes ({@code --rows} selects fewer). Not thread-safe (a picocli command).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {SlowClientsCommand.class, ScanBenchCommand.class,
        StoreSizeBenchCommand.class},
        description = {"Measure self_sign, app session set-up (API key, mTLS), AES-GCM encrypt and ECDSA sign over "
                + "HTTPS against GET /sys/v1/version, and in-process signing, in one run, and print rates, "
                + "latencies and their ratios; beside them cfssl serve's init_ca when cfssl is installed "
                + "(apt-get install golang-cfssl).",
                "Starts a throw-away in-process server (SQLite in a temporary directory, deleted at the end)."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--key-type", defaultValue = "ec-p256",
            description = "Credential key type: ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096, ed25519 "
                    + "(default: ${DEFAULT-VALUE}).")
    String keyType;
    @Option(names = "--seconds", defaultValue = "8",
            description = "Measured seconds per row (default: ${DEFAULT-VALUE}).")
    double seconds;
    @Option(names = "--warmup-seconds", defaultValue = "4",
            description = "Unmeasured warm-up seconds before each row (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;
    @Option(names = "--clients", split = ",", defaultValue = "1,32",
            description = "Concurrent HTTPS clients, comma separated (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;
    @Option(names = "--store-baseline",
            description = "Also measure GET .../credentials/{id}: the same session and store reads as "
                    + "self_sign without the crypto.")
    boolean storeBaseline;
    @Option(names = "--rows", split = ",",
            defaultValue = "version,self_sign,session_apikey,session_mtls,encrypt_aes_gcm,sign_ecdsa,cfssl_init_ca",
            description = "HTTPS rows to measure, comma separated (default: ${DEFAULT-VALUE}); version is always "
                    + "measured, the in-process rows with self_sign.")
    Set<String> rows;

    @Override
    public Integer call() throws InterruptedException {
        SelfSignBenchmark.Settings settings;
        try {
            if (!(seconds > 0 && seconds <= 3600) || !(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
                throw new IllegalArgumentException("--seconds must be in (0, 3600] and --warmup-seconds in [0, 3600]");
            }
            settings = new SelfSignBenchmark.Settings(CredentialKeyType.parse(keyType), duration(seconds),
                    duration(warmupSeconds), clients, Runtime.getRuntime().availableProcessors(), storeBaseline, rows);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        SelfSignBenchmark.Report report = SelfSignBenchmark.run(settings, System.err);
        System.out.print(report.format());
        System.out.flush();
        return report.errors() == 0 ? 0 : 1;
    }

    static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
