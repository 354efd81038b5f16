package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's curl walk-through, exactly as written between its markers, against a live
 * server, so the documentation cannot drift from the API. Needs bash, curl, jq, openssl and
 * base64 (.ci/run installs them).
 */
class ReadmeWalkthroughTest {
    @TempDir
    Path dataDir;

    @Test
    void readmeCurlWalkthroughWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("<!-- walkthrough:start -->"),
                readme.indexOf("<!-- walkthrough:end -->"));
        String script = block.substring(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));

        try (TestServer server = TestServer.start(dataDir)) {
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                    .directory(dataDir.toFile()).redirectErrorStream(true);
            bash.environment().put("URL", server.baseUri().toString());
            bash.environment().put("CA", dataDir.resolve("tls/server-cert.pem").toString());
            Process process = bash.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("replication credential").contains("notAfter=Dec 31 23:59:59 9999 GMT")
                    .contains("\"active_replication_credential\"").contains("(HTTP 409)");
        }
    }
}
