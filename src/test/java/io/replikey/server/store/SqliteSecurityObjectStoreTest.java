package io.replikey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security-object store contract on SQLite, the embedded default: a real database file. */
class SqliteSecurityObjectStoreTest extends SecurityObjectStoreContract {
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

    /**
     * An app's listing pages by offset and counts on every page (a replication scan does both): the
     * rows skipped and counted must come from an index, not from the table (migration V7).
     */
    @Test
    void anAppsCountAndOffsetPagingReadTheIndexOnly() {
        String count = "SELECT COUNT(*) FROM security_objects WHERE acct_id = 'a' AND group_id IN"
                + " (SELECT group_id FROM app_groups WHERE app_id = 'p')";
        String skipped = "SELECT kid FROM security_objects WHERE acct_id = 'a' AND group_id IN"
                + " (SELECT group_id FROM app_groups WHERE app_id = 'p') ORDER BY kid LIMIT 10 OFFSET 100";

        assertThat(plan(count)).anyMatch(step -> step.contains("security_objects USING COVERING INDEX"));
        assertThat(plan(skipped)).anyMatch(step -> step.contains("security_objects USING COVERING INDEX"))
                .noneMatch(step -> step.contains("TEMP B-TREE"));
    }

    private List<String> plan(String sql) {
        return store.read(tx -> tx.handle().createQuery("EXPLAIN QUERY PLAN " + sql)
                .map((rs, ctx) -> rs.getString("detail")).list());
    }
}
