package io.replikey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.testing.EmbeddedPostgresPerClass;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The security-object store contract on a real PostgreSQL server (one server, one database per test). */
class PostgresSecurityObjectStoreTest extends SecurityObjectStoreContract {
    @RegisterExtension
    static final EmbeddedPostgresPerClass POSTGRES = new EmbeddedPostgresPerClass();

    /**
     * Listings sort and page on these columns. They must compare as bytes whatever the server's
     * locale (this test server's is C.UTF-8, which hides the difference; an en_US server would
     * sort "B" after "a"), so the migration gives them the "C" collation explicitly.
     */
    @Test
    void theColumnsListingsSortOnCollateAsBytes() throws Exception {
        try (Connection connection = DriverManager.getConnection(databaseUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT table_name || '.' || column_name, collation_name FROM information_schema.columns
                        WHERE table_name IN ('groups', 'apps', 'app_groups', 'security_objects')
                          AND column_name IN ('name', 'kid', 'group_id')""")) {
            Map<String, String> collations = new TreeMap<>();
            while (rs.next()) {
                collations.put(rs.getString(1), rs.getString(2));
            }
            assertThat(collations).containsOnlyKeys("groups.group_id", "groups.name", "apps.name",
                    "app_groups.group_id", "security_objects.kid", "security_objects.name",
                    "security_objects.group_id");
            assertThat(collations.values()).containsOnly("C");
        }
    }

    @Override
    String newEmptyDatabase() {
        return POSTGRES.newDatabase();
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }
}
