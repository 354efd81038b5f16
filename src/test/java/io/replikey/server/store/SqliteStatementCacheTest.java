package io.replikey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStatementCacheTest {
    private HikariDataSource pool;
    private final SqliteStatementCache cache = new SqliteStatementCache();
    private Jdbi jdbi;

    @BeforeEach
    void open(@TempDir Path dir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        config.setDataSourceProperties(Dialect.SQLITE.driverProperties());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        jdbi = Jdbi.create(pool);
        jdbi.setStatementBuilderFactory(cache);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
            h.execute("INSERT INTO counter (id, value) VALUES (1, 0), (2, 0)");
        });
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void theNextHandleOnAConnectionReusesItsPreparedStatement() {
        List<PreparedStatement> used = Collections.synchronizedList(new ArrayList<>());
        try (HikariDataSource single = singleConnection()) {
            Jdbi one = Jdbi.create(single);
            one.setStatementBuilderFactory(cache);
            for (int i = 0; i < 3; i++) {
                int value = one.withHandle(h -> value(h, 1, used));
                assertThat(value).isZero();
            }
        }
        assertThat(used).hasSize(3);
        assertThat(used.get(1)).isSameAs(used.get(0));
        assertThat(used.get(2)).isSameAs(used.get(0));
    }

    @Test
    void aReusedStatementAlwaysSeesTheLatestCommit() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try {
            for (int i = 1; i <= 200; i++) {
                int expected = i;
                jdbi.useTransaction(h -> h.createUpdate("UPDATE counter SET value = :v WHERE id = 1")
                        .bind("v", expected).execute());
                List<Future<Integer>> reads = new ArrayList<>();
                for (int r = 0; r < 6; r++) {
                    reads.add(readers.submit(() -> jdbi.withHandle(h -> value(h, 1, null))));
                }
                for (Future<Integer> read : reads) {
                    assertThat(read.get()).isEqualTo(expected);
                }
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(cache.idleStatements()).isPositive();
    }

    @Test
    void theSameSqlNestedInOneHandleGetsItsOwnStatement() {
        List<Integer> inner = jdbi.withHandle(h -> h.createQuery("SELECT id FROM counter ORDER BY id")
                .mapTo(Integer.class).stream().map(id -> h.createQuery("SELECT id FROM counter ORDER BY id")
                        .mapTo(Integer.class).list().size())
                .toList());

        assertThat(inner).containsExactly(2, 2);
    }

    @Test
    void aFailedStatementLeavesTheConnectionUsable() {
        for (int i = 0; i < 5; i++) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> jdbi.useTransaction(h ->
                    h.createUpdate("INSERT INTO counter (id, value) VALUES (1, 0)").execute()));
            assertThat(failure).isNotNull();
        }
        jdbi.useTransaction(h -> h.createUpdate("UPDATE counter SET value = 7 WHERE id = 2").execute());
        int value = jdbi.withHandle(h -> value(h, 2, null));
        assertThat(value).isEqualTo(7);
    }

    private static Integer value(Handle h, int id, List<PreparedStatement> used) {
        return h.createQuery("SELECT value FROM counter WHERE id = :id").bind("id", id)
                .addCustomizer(new StatementCustomizer() {
                    @Override
                    public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                        if (used != null) {
                            used.add(stmt);
                        }
                    }
                }).mapTo(Integer.class).one();
    }

    private HikariDataSource singleConnection() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pool.getJdbcUrl());
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }
}
