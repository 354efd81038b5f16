package io.replikey.server.replication;

import io.replikey.testing.EmbeddedPostgresPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The replication engine contract on a real PostgreSQL server shared by the test's nodes. */
class PostgresReplicationEngineTest extends ReplicationEngineContract {
    @RegisterExtension
    static final EmbeddedPostgresPerClass POSTGRES = new EmbeddedPostgresPerClass();

    @Override
    String newEmptyDatabase() {
        return POSTGRES.newDatabase();
    }
}
