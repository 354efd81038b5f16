package io.replikey.cli;

import io.replikey.server.ReplikeyServer;
import io.replikey.server.config.ConfigLoader;
import io.replikey.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replikey serve}: runs the server until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the HTTPS server. Options may also come from REPLIKEY_<OPTION> environment "
                + "variables (e.g. REPLIKEY_DATA_DIR) or a --config properties file; options win.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--config", description = "Properties file with the same keys as the options.")
    Path config;
    @Option(names = "--data-dir", description = "Data directory (default: ./replikey-data).")
    String dataDir;
    @Option(names = "--bind", description = "Listen address (default: 127.0.0.1).")
    String bind;
    @Option(names = "--port", description = "HTTPS port (default: 8443; 0 picks a free port).")
    String port;
    @Option(names = "--database", description = "JDBC URL (default: SQLite in the data directory).")
    String database;
    @Option(names = "--database-user", description = "Database user.")
    String databaseUser;
    @Option(names = "--tls-cert", description = "PEM certificate chain (default: generated self-signed).")
    String tlsCert;
    @Option(names = "--tls-key", description = "PEM private key for --tls-cert.")
    String tlsKey;
    @Option(names = "--master-key-file", description = "Master key file (default: <data-dir>/master.key).")
    String masterKeyFile;
    @Option(names = "--signup", description = "open or closed (default: open).")
    String signup;
    @Option(names = "--session-idle-seconds", description = "Idle session lifetime (default: 900).")
    String sessionIdleSeconds;
    @Option(names = "--credential-key-type",
            description = "Default credential key type: ec-p256 (default), ec-p384, rsa-2048, rsa-3072, rsa-4096, ed25519.")
    String credentialKeyType;
    @Option(names = "--request-header-seconds",
            description = "Total time for the TLS handshake and a request's headers (default: 10).")
    String requestHeaderSeconds;
    @Option(names = "--request-body-seconds", description = "Total time for a request's body (default: 20).")
    String requestBodySeconds;
    @Option(names = "--replication-trust-ca",
            description = "PEM file of CA certificates trusted for replication sources, besides the JVM's.")
    String replicationTrustCa;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig serverConfig;
        try {
            serverConfig = ConfigLoader.load(options(), System.getenv(), config);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        ReplikeyServer server;
        try {
            server = ReplikeyServer.start(serverConfig);
        } catch (IllegalArgumentException e) {
            // the settings were well-formed but what they point at is unusable: a data directory
            // others can read, a master key file that is not owner-only, a malformed PEM file...
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println("replikey listening on https://" + serverConfig.bind() + ":" + server.port());
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "replikey-shutdown"));
        stopped.await();
        return 0;
    }

    /** Secrets (database password, master key) are taken only from the environment or the file. */
    private Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put("data-dir", dataDir);
        options.put("bind", bind);
        options.put("port", port);
        options.put("database", database);
        options.put("database-user", databaseUser);
        options.put("tls-cert", tlsCert);
        options.put("tls-key", tlsKey);
        options.put("master-key-file", masterKeyFile);
        options.put("signup", signup);
        options.put("session-idle-seconds", sessionIdleSeconds);
        options.put("credential-key-type", credentialKeyType);
        options.put("request-header-seconds", requestHeaderSeconds);
        options.put("request-body-seconds", requestBodySeconds);
        options.put("replication-trust-ca", replicationTrustCa);
        return options;
    }
}
