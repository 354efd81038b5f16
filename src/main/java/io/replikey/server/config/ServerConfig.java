package io.replikey.server.config;

import io.replikey.server.crypto.CredentialKeyType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's whole configuration, validated once at start-up by {@link ConfigLoader}.
 * Immutable; secrets are {@link Secret}s so that {@code toString()} masks them.
 *
 * @param dataDir            holds the SQLite database, the master key file and the generated TLS identity
 * @param bind               address to listen on
 * @param port               HTTPS port; 0 picks a free one
 * @param databaseUrl        JDBC URL (jdbc:sqlite:… or jdbc:postgresql:…)
 * @param databaseUser       database user, or null
 * @param databasePassword   database password
 * @param tlsCertFile        operator's PEM certificate chain, or null to use the generated one
 * @param tlsKeyFile         operator's PEM private key (set together with tlsCertFile)
 * @param masterKeyFile      master key file (created on first start when absent)
 * @param masterKey          operator-supplied master key (base64), overriding the file
 * @param signupOpen         whether anyone may sign up
 * @param sessionIdleTimeout idle time after which a session expires
 * @param credentialKeyType  default key type of new replication credentials
 * @param requestLimits      total time limits for receiving a request
 * @param replicationTrust   CA certificates trusted for replication sources besides the JVM's
 */
public record ServerConfig(Path dataDir, String bind, int port, String databaseUrl, String databaseUser,
        Secret databasePassword, Path tlsCertFile, Path tlsKeyFile, Path masterKeyFile, Secret masterKey,
        boolean signupOpen, Duration sessionIdleTimeout, CredentialKeyType credentialKeyType,
        RequestLimits requestLimits, ReplicationTrust replicationTrust) {

    /** Largest request body accepted, in bytes (design.md §5). */
    public static final int MAX_BODY_BYTES = 1 << 20;
}
