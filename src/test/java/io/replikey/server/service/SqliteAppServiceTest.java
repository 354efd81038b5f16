package io.replikey.server.service;

import java.nio.file.Path;

/** The app rules on SQLite. */
class SqliteAppServiceTest extends AppServiceContract {
    @Override
    String newEmptyDatabase(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("test.db");
    }
}
