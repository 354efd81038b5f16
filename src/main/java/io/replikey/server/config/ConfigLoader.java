package io.replikey.server.config;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.replication.SourceTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link ServerConfig} from, in order of precedence: command-line options, environment
 * variables ({@code REPLIKEY_<KEY>} with dashes as underscores, e.g. {@code REPLIKEY_DATA_DIR}),
 * a properties file ({@code --config}, same keys as the options), and defaults. Every problem is
 * collected and reported together. Stateless.
 */
public final class ConfigLoader {
    /** The recognised keys, each also an option {@code --<key>} and a variable {@code REPLIKEY_<KEY>}. */
    public static final Set<String> KEYS = Set.of("data-dir", "bind", "port", "database", "database-user",
            "database-password", "tls-cert", "tls-key", "master-key-file", "master-key", "signup",
            "session-idle-seconds", "credential-key-type", "request-header-seconds", "request-body-seconds",
            "replication-trust-ca");

    private ConfigLoader() {
    }

    /**
     * @param options    command-line values by key (absent keys not present)
     * @param env        the process environment
     * @param configFile a properties file, or null
     * @throws IllegalArgumentException listing every invalid or unknown setting
     */
    public static ServerConfig load(Map<String, String> options, Map<String, String> env, Path configFile) {
        Map<String, String> values = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (configFile != null) {
            readFile(configFile, values, problems);
        }
        for (String key : KEYS) {
            String fromEnv = env.get("REPLIKEY_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        options.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        ServerConfig config = build(values, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
        return config;
    }

    private static void readFile(Path file, Map<String, String> values, List<String> problems) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            problems.add("cannot read config file " + file + ": " + e.getMessage());
            return;
        }
        for (String key : properties.stringPropertyNames()) {
            if (KEYS.contains(key)) {
                values.put(key, properties.getProperty(key).trim());
            } else {
                problems.add("config file " + file + ": unknown key '" + key + "'");
            }
        }
    }

    private static ServerConfig build(Map<String, String> v, List<String> problems) {
        Path dataDir = Path.of(v.getOrDefault("data-dir", "replikey-data")).toAbsolutePath();
        String bind = v.getOrDefault("bind", "127.0.0.1");
        int port = intIn(v.getOrDefault("port", "8443"), "port", 0, 65535, problems);
        String database = v.getOrDefault("database", "jdbc:sqlite:" + dataDir.resolve("replikey.db"));
        if (!database.startsWith("jdbc:sqlite:") && !database.startsWith("jdbc:postgresql:")) {
            problems.add("database must be a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        Path tlsCert = pathOrNull(v.get("tls-cert"));
        Path tlsKey = pathOrNull(v.get("tls-key"));
        if ((tlsCert == null) != (tlsKey == null)) {
            problems.add("tls-cert and tls-key must be given together");
        }
        for (Path file : new Path[] {tlsCert, tlsKey}) {
            if (file != null && !Files.isReadable(file)) {
                problems.add("cannot read " + file);
            }
        }
        Path masterKeyFile = v.containsKey("master-key-file") ? Path.of(v.get("master-key-file")).toAbsolutePath()
                : dataDir.resolve("master.key");
        String signup = v.getOrDefault("signup", "open").toLowerCase(Locale.ROOT);
        if (!signup.equals("open") && !signup.equals("closed")) {
            problems.add("signup must be 'open' or 'closed'");
        }
        int idleSeconds = intIn(v.getOrDefault("session-idle-seconds", "900"), "session-idle-seconds", 60,
                7 * 24 * 3600, problems);
        CredentialKeyType keyType = CredentialKeyType.EC_P256;
        try {
            keyType = CredentialKeyType.parse(v.getOrDefault("credential-key-type", "ec-p256"));
        } catch (IllegalArgumentException e) {
            problems.add("credential-key-type: " + e.getMessage());
        }
        RequestLimits limits = new RequestLimits(
                seconds(v, "request-header-seconds", RequestLimits.DEFAULT.headerTimeout(), problems),
                seconds(v, "request-body-seconds", RequestLimits.DEFAULT.bodyTimeout(), problems));
        return new ServerConfig(dataDir, bind, port, database, v.get("database-user"),
                new Secret(v.get("database-password")), tlsCert, tlsKey, masterKeyFile, new Secret(v.get("master-key")),
                signup.equals("open"), Duration.ofSeconds(idleSeconds), keyType, limits,
                replicationTrust(v.get("replication-trust-ca"), problems));
    }

    /** The operator's CAs for replication sources, read now so that a bad file fails the start. */
    private static ReplicationTrust replicationTrust(String file, List<String> problems) {
        if (file == null) {
            return ReplicationTrust.NONE;
        }
        Path path = Path.of(file).toAbsolutePath();
        try {
            return new ReplicationTrust(path, SourceTls.readTrustedCertificates(path));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            problems.add("replication-trust-ca: " + e.getMessage());
            return ReplicationTrust.NONE;
        }
    }

    /** A request time limit: 1 to 300 seconds. */
    private static Duration seconds(Map<String, String> v, String key, Duration fallback, List<String> problems) {
        return Duration.ofSeconds(intIn(v.getOrDefault(key, String.valueOf(fallback.toSeconds())), key, 1, 300,
                problems));
    }

    private static int intIn(String text, String key, int min, int max, List<String> problems) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(key + " must be an integer from " + min + " to " + max + ", got '" + text + "'");
        return min;
    }

    private static Path pathOrNull(String text) {
        return text == null || text.isBlank() ? null : Path.of(text).toAbsolutePath();
    }
}
