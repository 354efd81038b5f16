package io.replikey.e2e;

import io.replikey.testing.EmbeddedPostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** The credential flow with the server on a real PostgreSQL (--database jdbc:postgresql://…). */
class PostgresReplicationCredentialFlowTest extends ReplicationCredentialFlowContract {
    private EmbeddedPostgresServer postgres;

    @Override
    String newDatabaseUrl(Path dataDir) {
        postgres = EmbeddedPostgresServer.start();
        return postgres.newDatabase();
    }

    @AfterAll
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
