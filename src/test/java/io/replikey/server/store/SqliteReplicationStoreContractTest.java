package io.replikey.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The replication store contract on SQLite, the embedded default: a real database file. */
class SqliteReplicationStoreContractTest extends ReplicationStoreContract {
    @TempDir
    Path directory;

    @Override
    String newEmptyDatabase() {
        return "jdbc:sqlite:" + directory.resolve("replikey.db");
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.SQLITE;
    }
}
