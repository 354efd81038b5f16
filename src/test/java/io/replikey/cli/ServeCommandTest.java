package io.replikey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line refuses a bad configuration, or a data directory others can read, with every
 * problem named and exit status 2.
 */
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
    @Timeout(60) // without the refusal the server would start and serve until interrupted
    void dataDirectoryOthersCanReadExitsWithStatus2AndSaysWhatToDo(@TempDir Path dir) throws IOException {
        Path dataDir = Files.createDirectory(dir.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        StringWriter err = new StringWriter();

        int status = new CommandLine(new Main()).setErr(new PrintWriter(err, true))
                .execute("serve", "--data-dir", dataDir.toString(), "--port", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("data directory " + dataDir.toRealPath())
                .contains("chmod 700 " + dataDir.toRealPath()).doesNotContain("Exception");
        assertThat(dataDir.resolve("master.key")).as("refused before anything is created").doesNotExist();
    }

    @Test
    @Timeout(60)
    void databaseFileOthersCanReadExitsWithStatus2(@TempDir Path dir) throws IOException {
        Path dataDir = dir.resolve("data");
        try (TestServer server = TestServer.start(dataDir)) {
            server.newUser();
        }
        Path database = dataDir.resolve("replikey.db").toRealPath();
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        StringWriter err = new StringWriter();

        int status = new CommandLine(new Main()).setErr(new PrintWriter(err, true))
                .execute("serve", "--data-dir", dataDir.toString(), "--port", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("chmod 600 " + database);
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
