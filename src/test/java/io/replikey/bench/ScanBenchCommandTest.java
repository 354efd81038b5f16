package io.replikey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code replikey bench scan} on a small account: two real servers, real HTTPS, no timing checks. */
class ScanBenchCommandTest {
    @Test
    void fullScanAndRescanSucceedWithMatchingCounts() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("bench", "scan", "--objects", "20,50");

        // exit 0 means every scan finished without error_message and with the expected counts
        assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(out.toString()).contains("objects/s").containsPattern("(?m)^\\s+20\\s")
                .containsPattern("(?m)^\\s+50\\s").contains("live heap mark at 50 objects / at 20 objects: ");
    }

    @Test
    void invalidSizesExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("bench", "scan", "--objects", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--objects must be in [1, 1000000]");
    }
}
