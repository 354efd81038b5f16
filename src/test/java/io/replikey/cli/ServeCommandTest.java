package io.replikey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line refuses a bad configuration with every problem named, before touching anything. */
class ServeCommandTest {
    @Test
    void invalidConfigurationExitsWithStatus2AndNamesEachProblem(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err, true));
        Path dataDir = dir.resolve("data");

        int status = cli.execute("serve", "--data-dir", dataDir.toString(), "--port", "http",
                "--credential-key-type", "dsa", "--tls-cert", dir.resolve("missing.pem").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("invalid configuration")
                .contains("port must be an integer from 0 to 65535, got 'http'")
                .contains("credential-key-type: unknown key type 'dsa'")
                .contains("tls-cert and tls-key must be given together");
        assertThat(dataDir).as("nothing is created for a refused configuration").doesNotExist();
    }

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out, true));
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--data-dir", "--bind", "--port", "--database", "--tls-cert",
                "--tls-key", "--master-key-file", "--signup", "--session-idle-seconds", "--credential-key-type");
    }
}
