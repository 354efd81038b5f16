package io.replikey.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.crypto.CredentialKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void embeddedDefaults() {
        ServerConfig config = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(config.dataDir()).isEqualTo(Path.of("replikey-data").toAbsolutePath());
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:" + config.dataDir().resolve("replikey.db"));
        assertThat(config.masterKeyFile()).isEqualTo(config.dataDir().resolve("master.key"));
        assertThat(config.signupOpen()).isTrue();
        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.credentialKeyType()).isEqualTo(CredentialKeyType.EC_P256);
    }

    @Test
    void optionsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("replikey.properties");
        Files.writeString(file, "port=1000\nbind=10.0.0.1\nsignup=closed\n");
        ServerConfig config = ConfigLoader.load(Map.of("port", "3000"),
                Map.of("REPLIKEY_PORT", "2000", "REPLIKEY_BIND", "0.0.0.0"), file);
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.signupOpen()).isFalse();
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot=1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("port", "70000", "signup", "maybe",
                "credential-key-type", "dsa", "database", "jdbc:mysql://x", "tls-cert", "/nonexistent.pem"),
                Map.of(), file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'prot'")
                .hasMessageContaining("port must be an integer from 0 to 65535")
                .hasMessageContaining("signup must be 'open' or 'closed'")
                .hasMessageContaining("credential-key-type: unknown key type 'dsa'")
                .hasMessageContaining("database must be a jdbc:sqlite: or jdbc:postgresql: URL")
                .hasMessageContaining("tls-cert and tls-key must be given together");
    }

    @Test
    void secretsAreMaskedWhenTheConfigurationIsPrinted() {
        ServerConfig config = ConfigLoader.load(Map.of(),
                Map.of("REPLIKEY_DATABASE_PASSWORD", "hunter2-db", "REPLIKEY_MASTER_KEY", "c2VjcmV0LW1hc3Rlci1rZXk="),
                null);
        assertThat(config.databasePassword().value()).isEqualTo("hunter2-db");
        assertThat(config.toString()).doesNotContain("hunter2-db").doesNotContain("c2VjcmV0LW1hc3Rlci1rZXk=")
                .contains("databasePassword=***");
    }
}
