package io.replikey.e2e;

import java.nio.file.Path;

/** The credential flow on the embedded default: SQLite in the data directory. */
class SqliteReplicationCredentialFlowTest extends ReplicationCredentialFlowContract {
    @Override
    String newDatabaseUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("replikey.db");
    }
}
