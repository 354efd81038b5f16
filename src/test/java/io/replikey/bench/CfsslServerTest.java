package io.replikey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.replikey.client.DsmClient;
import io.replikey.server.crypto.CredentialKeyType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cfssl_init_ca row of {@code replikey bench} (issue 8): measured beside self_sign when cfssl is
 * on the PATH, reported as not measured (with how to install it) when it is not. The "absent" branch
 * is forced with an empty PATH; the other test follows this machine's PATH and checks whichever
 * branch applies. Asserts the report's lines and structure, never a timing.
 */
class CfsslServerTest {
    private static final String ABSENT = "not measured: cfssl is not installed (apt-get install golang-cfssl)";

    @Test
    void findsAnExecutableCfsslOnlyInTheGivenPath(@TempDir Path dir) throws Exception {
        assertThat(CfsslServer.find("")).isEmpty();
        assertThat(CfsslServer.find(null)).isEmpty();
        Path cfssl = Files.writeString(dir.resolve("cfssl"), "#!/bin/sh\n");
        assertThat(CfsslServer.find(dir.toString())).as("not executable").isEmpty();
        Files.setPosixFilePermissions(cfssl, PosixFilePermissions.fromString("rwx------"));
        assertThat(CfsslServer.find("/nonexistent" + java.io.File.pathSeparator + dir)).contains(cfssl);
    }

    @Test
    void saysCfsslWasNotMeasuredWhenItIsNotOnThePath(@TempDir Path parent) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SelfSignBenchmark.Report report = SelfSignBenchmark.run(settings(Set.of(SelfSignBenchmark.CFSSL_INIT_CA)),
                new PrintStream(progress, true, StandardCharsets.UTF_8), parent, "");

        assertThat(report.cfssl()).isNull();
        assertThat(report.rows()).extracting(SelfSignBenchmark.Row::key).containsOnly(SelfSignBenchmark.VERSION);
        String text = report.format();
        assertThat(text).containsPattern("(?m)^  cfssl_init_ca +" + java.util.regex.Pattern.quote(ABSENT) + "$")
                .doesNotContainPattern("(?m)^cfssl_init_ca ").doesNotContain("cfssl serve", "ERRORS");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("cfssl is not installed");
        assertLeftNothing(parent);
    }

    @Test
    void measuresCfsslInitCaBesideSelfSignWhenInstalled(@TempDir Path parent) throws Exception {
        String path = System.getenv("PATH");
        Optional<Path> installed = CfsslServer.find(path);
        SelfSignBenchmark.Report report = SelfSignBenchmark.run(settings(Set.of(SelfSignBenchmark.SELF_SIGN,
                SelfSignBenchmark.CFSSL_INIT_CA)), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), parent, path);

        String text = report.format();
        assertThat(text).doesNotContain("ERRORS");
        assertThat(report.errors()).isZero();
        if (installed.isPresent()) {
            assertThat(report.cfssl()).endsWith("(" + installed.get() + ")");
            for (int clients : List.of(1, 2)) {
                SelfSignBenchmark.Row row = report.row(SelfSignBenchmark.CFSSL_INIT_CA, clients).orElseThrow();
                assertThat(row.stats().operations()).as("init_ca @" + clients).isPositive();
                assertThat(row.connections()).as("keep-alive @" + clients).isEqualTo(clients);
                assertThat(text).containsPattern("(?m)^cfssl_init_ca +" + clients + " +\\d")
                        .containsPattern("(?m)^  self_sign / cfssl_init_ca @" + clients + " +\\d+\\.\\d{3}$");
            }
            assertThat(text).contains("cfssl            " + report.cfssl() + ": cfssl serve on 127.0.0.1")
                    .doesNotContain(ABSENT);
        } else {
            assertThat(report.cfssl()).isNull();
            assertThat(text).contains(ABSENT).doesNotContain("self_sign / cfssl_init_ca");
        }
        assertThat(text.substring(text.indexOf("ratios (same run)"))).doesNotContain("NaN", "Infinity");
        assertLeftNothing(parent);
    }

    @Test
    void anInitCaAnswerWithoutSuccessOrCertificateIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> CfsslServer.checkInitCa(
                new DsmClient.Exchange(200, "application/json", "{\"success\":false,\"result\":null}")));
        assertThatIllegalStateException().isThrownBy(() -> CfsslServer.checkInitCa(
                new DsmClient.Exchange(200, "application/json", "{\"success\":true,\"result\":{\"certificate\":\"x\"}}")));
        assertThatIllegalStateException().isThrownBy(() -> CfsslServer.checkInitCa(
                new DsmClient.Exchange(400, "application/json", "{\"success\":false}")));
    }

    private static SelfSignBenchmark.Settings settings(Set<String> rows) {
        return new SelfSignBenchmark.Settings(CredentialKeyType.EC_P256, Duration.ofMillis(300),
                Duration.ofMillis(100), List.of(1, 2), 1, false, rows);
    }

    /** The replikey data directory and cfssl's directory (with its TLS key) are gone. */
    private static void assertLeftNothing(Path parent) throws Exception {
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
    }
}
