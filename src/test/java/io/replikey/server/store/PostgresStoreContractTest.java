package io.replikey.server.store;

import io.replikey.testing.EmbeddedPostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL server (one server for the class, one database per test). */
class PostgresStoreContractTest extends StoreContract {
    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @Override
    String newEmptyDatabase() {
        return POSTGRES.newDatabase();
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
