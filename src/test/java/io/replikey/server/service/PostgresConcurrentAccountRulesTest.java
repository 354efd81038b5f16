package io.replikey.server.service;

import io.replikey.testing.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The concurrent account rules on a real PostgreSQL server (READ COMMITTED, row locks). */
class PostgresConcurrentAccountRulesTest extends ConcurrentAccountRulesContract {
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
}
