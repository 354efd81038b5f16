package io.replikey.e2e;

import io.replikey.testing.EmbeddedPostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * The crash test with the server process on a real PostgreSQL (--database jdbc:postgresql://…),
 * which this test's JVM runs and keeps running across the server's kills.
 */
class PostgresCrashDurabilityTest extends CrashDurabilityContract {
    private EmbeddedPostgresServer postgres;

    @Override
    String newDatabaseUrl(Path dataDir) {
        postgres = EmbeddedPostgresServer.start();
        return postgres.newDatabase();
    }

    @Override
    String backend() {
        return "postgresql";
    }

    @AfterEach
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
