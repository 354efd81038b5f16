package io.replikey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.server.crypto.CredentialKeyType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark's code path exercised in {@code mvn verify} with tiny durations. Asserts
 * structure only (every row measured, every rate positive, no errors, keep-alive held, clean-up
 * done) and never a timing: design.md §9, tests never assert on timings.
 */
class SelfSignBenchmarkTest {
    @Test
    void measuresEveryRowAndCleansUp(@TempDir Path parent) throws Exception {
        var settings = new SelfSignBenchmark.Settings(CredentialKeyType.EC_P256, Duration.ofMillis(400),
                Duration.ofMillis(100), List.of(1, 2), 2, true);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        SelfSignBenchmark.Report report = SelfSignBenchmark.run(settings,
                new PrintStream(progress, true, StandardCharsets.UTF_8), parent);

        assertThat(report.errors()).isZero();
        assertThat(report.cryptoProvider()).isNotBlank();
        for (int clients : List.of(1, 2)) {
            for (String key : List.of(SelfSignBenchmark.VERSION, SelfSignBenchmark.SELF_SIGN,
                    SelfSignBenchmark.GET_CREDENTIAL)) {
                SelfSignBenchmark.Row row = report.row(key, clients).orElseThrow();
                assertThat(row.perSecond()).as(key + " @" + clients).isPositive();
                // One client, one connection: keep-alive held for the whole row.
                assertThat(row.connections()).as(key + " @" + clients + " connections").isEqualTo(clients);
            }
        }
        assertThat(report.row(SelfSignBenchmark.SIGN, 1).orElseThrow().perSecond()).isPositive();
        assertThat(report.row(SelfSignBenchmark.ISSUE, 1).orElseThrow().perSecond()).isPositive();
        assertThat(report.row(SelfSignBenchmark.ISSUE, 2).orElseThrow().perSecond()).isPositive();
        assertThat(report.row(SelfSignBenchmark.UNSEAL_ISSUE, 1).orElseThrow().perSecond()).isPositive();
        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.stats().p50Micros()).isPositive();
            assertThat(row.stats().p99Micros()).isGreaterThanOrEqualTo(row.stats().p50Micros());
        });

        String text = report.format();
        assertThat(text).contains("crypto provider", "self_sign / version @1", "self_sign / version @2",
                "self_sign HTTPS @1 / issue in-process @1", "self_sign HTTPS @2 / issue in-process @2")
                .doesNotContain("ERRORS");
        // Every ratio is computable (the background-load column may be NaN off Linux, ratios never).
        String ratios = text.substring(text.indexOf("ratios (same run)"));
        assertThat(ratios).doesNotContain("NaN", "Infinity");
        for (String key : List.of("version", "self_sign", "get_credential", "sign", "issue", "unseal+issue")) {
            assertThat(text).containsPattern("(?m)^" + java.util.regex.Pattern.quote(key) + " +\\d");
        }
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("temporary data directory deleted").isEmpty();
        }
    }

    @Test
    void settingsRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new SelfSignBenchmark.Settings(CredentialKeyType.EC_P256, Duration.ZERO, Duration.ZERO, List.of(1), 1,
                        false));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new SelfSignBenchmark.Settings(CredentialKeyType.EC_P256, Duration.ofSeconds(1), Duration.ZERO,
                        List.of(0), 1, false));
    }
}
