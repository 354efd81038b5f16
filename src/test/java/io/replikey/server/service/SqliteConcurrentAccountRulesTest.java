package io.replikey.server.service;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The concurrent account rules on SQLite (IMMEDIATE transactions serialise writers). */
class SqliteConcurrentAccountRulesTest extends ConcurrentAccountRulesContract {
    @TempDir
    Path directory;

    @Override
    String newEmptyDatabase() {
        return "jdbc:sqlite:" + directory.resolve("replikey.db");
    }
}
