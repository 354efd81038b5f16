package io.replikey.server.service;

import io.replikey.testing.EmbeddedPostgresPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concurrent account rules on a real PostgreSQL server (READ COMMITTED, row locks). */
class PostgresConcurrentAccountRulesTest extends ConcurrentAccountRulesContract {
    @RegisterExtension
    static final EmbeddedPostgresPerClass POSTGRES = new EmbeddedPostgresPerClass();

    @Override
    String newEmptyDatabase() {
        return POSTGRES.newDatabase();
    }
}
