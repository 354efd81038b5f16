package io.replikey.e2e;

import java.nio.file.Path;

/** The crash test on the server's default SQLite file in its data directory. */
class SqliteCrashDurabilityTest extends CrashDurabilityContract {
    @Override
    String newDatabaseUrl(Path dataDir) {
        return null;
    }

    @Override
    String backend() {
        return "sqlite";
    }
}
