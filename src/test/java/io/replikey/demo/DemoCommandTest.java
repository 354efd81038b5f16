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

/** Runs {@code replikey demo} in this JVM: two real servers, real HTTPS, the whole story. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void walksTheStoryDecryptsOnTheDestinationAndCleansUp() throws IOException {
        String previous = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            code = cli.execute("demo");
        } finally {
            System.setProperty("java.io.tmpdir", previous);
        }

        assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        String output = out.toString();
        List<String> steps = List.of(" 1. servers started: source https://127.0.0.1:",
                " 2. keys created on the source: ", " 3. replication account created on the destination: ",
                " 4. replication credential created: ", " 5. self_sign: certificate of ",
                " 6. app registered on the source with that certificate: ", " 7. credential activated: ",
                " 8. scan: counts {\"groups_seen\":1,\"objects_seen\":2,\"created\":2,\"updated\":0,\"deleted\":0,"
                        + "\"unexportable\":0}",
                " 9. key changed and key deleted on the source: ",
                "10. rescan: counts {\"groups_seen\":1,\"objects_seen\":1,\"created\":0,\"updated\":1,\"deleted\":1,"
                        + "\"unexportable\":0}",
                "11. failover: ", " purpose is now Standard", "12. encrypted on the source: AES-GCM",
                "13. decrypted on the destination: \"4111 1111 1111 1111\" matches the plaintext encrypted on the source",
                "demo succeeded");
        for (String step : steps) {
            assertThat(output).contains(step);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("replikey-demo-")).toList()).isEmpty();
        }
    }
}
