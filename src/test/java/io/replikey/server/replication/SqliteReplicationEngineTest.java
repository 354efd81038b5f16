package io.replikey.server.replication;

/** The replication engine contract on a SQLite file shared by the test's nodes. */
class SqliteReplicationEngineTest extends ReplicationEngineContract {
    @Override
    String newEmptyDatabase() {
        return "jdbc:sqlite:" + dir.resolve("replica.db");
    }
}
