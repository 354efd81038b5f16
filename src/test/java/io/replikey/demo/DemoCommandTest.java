package io.replikey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code replikey demo} in this JVM: two real servers, real HTTPS, the whole story. The
 * temporary directory is redirected (java.io.tmpdir) into the test's own, so its removal is visible.
 */
class DemoCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    @Test
    void walksTheStoryDecryptsOnTheDestinationAndCleansUp() throws IOException {
        Run run = demo(tmp);

        assertThat(run.code()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
        List<String> steps = List.of(" 1. servers started: source https://127.0.0.1:",
                " 2. keys created on the source: ", " 3. replication account created on the destination: ",
                " 4. replication credential created: ", " 5. self_sign: certificate of ",
                " 6. app registered on the source with that certificate: ", " 7. credential activated: ",
                " 8. scan: counts {\"groups_seen\":1,\"objects_seen\":2,\"created\":2,\"updated\":0,\"deleted\":0,"
                        + "\"unexportable\":0}; recent_scan_summary {\"last_completed\":",
                " 9. key changed and key deleted on the source: ",
                "10. rescan: counts {\"groups_seen\":1,\"objects_seen\":1,\"created\":0,\"updated\":1,\"deleted\":1,"
                        + "\"unexportable\":0}; card-data description on the destination \"rotated custodian: team B\", "
                        + "old-signing answers 404",
                "11. failover: ", " purpose is now Standard", "12. encrypted on the source: AES-GCM with card-data",
                "13. decrypted on the destination: \"4111 1111 1111 1111\" matches the plaintext encrypted on the source",
                "demo succeeded");
        for (String step : steps) {
            assertThat(run.out()).contains(step);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            // sqlite-jdbc may unpack its native library here too; only the demo's directory counts
            assertThat(left.filter(path -> path.getFileName().toString().startsWith("replikey-demo-")).toList())
                    .as("demo directories left behind").isEmpty();
        }
    }

    @Test
    void aFailureExitsOneWithItsReason() {
        Run run = demo(tmp.resolve("absent"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("demo failed: cannot create a temporary directory: ");
        assertThat(run.out()).doesNotContain("demo succeeded");
    }

    private static Run demo(Path tmpdir) {
        String previous = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmpdir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            return new Run(cli.execute("demo"), out.toString(), err.toString());
        } finally {
            System.setProperty("java.io.tmpdir", previous);
        }
    }
}
