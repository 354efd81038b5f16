package io.replikey.server.service;

import io.replikey.testing.EmbeddedPostgresPerClass;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app rules on a real PostgreSQL server (one server for the class, one database per test). */
class PostgresAppServiceTest extends AppServiceContract {
    @RegisterExtension
    static final EmbeddedPostgresPerClass POSTGRES = new EmbeddedPostgresPerClass();

    @Override
    String newEmptyDatabase(Path dir) {
        return POSTGRES.newDatabase();
    }
}
