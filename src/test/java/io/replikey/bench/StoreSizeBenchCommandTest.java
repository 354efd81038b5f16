package io.replikey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code replikey bench store-size} briefly at two small sizes: real servers, real HTTPS, no timing checks. */
class StoreSizeBenchCommandTest {
    @Test
    void measuresSelfSignAtEachSizeAndPrintsTheRatio() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("bench", "store-size", "--credentials", "10,201", "--seconds", "1",
                "--warmup-seconds", "1");

        // exit 0: every fill succeeded and every self_sign answered 200 with a certificate
        assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        // credentials, accounts (two credentials each, the odd one alone), users (20 accounts each), sessions
        assertThat(out.toString()).contains("p50 us").contains("p99 us")
                .containsPattern("(?m)^\\s+10\\s+6\\s+2\\s+2\\s")
                .containsPattern("(?m)^\\s+201\\s+101\\s+6\\s+6\\s")
                .containsPattern("self_sign p50 at 201 credentials / at 10 credentials: \\d+\\.\\d{3} \\(target <= 1\\.2\\)")
                .doesNotContain("ERRORS");
    }

    @Test
    void invalidSizesExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("bench", "store-size", "--credentials", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--credentials must be in [1, 1000000]");
    }
}
