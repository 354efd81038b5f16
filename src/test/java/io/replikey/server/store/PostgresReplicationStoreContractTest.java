package io.replikey.server.store;

import io.replikey.testing.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The replication store contract on a real PostgreSQL server (one server, one database per test). */
class PostgresReplicationStoreContractTest extends ReplicationStoreContract {
    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    String newEmptyDatabase() {
        return postgres.newDatabase();
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
