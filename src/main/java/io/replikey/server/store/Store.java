package io.replikey.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * The database: a HikariCP pool, Flyway migrations applied at open, and Jdbi transactions that
 * hand the caller a {@link Tx} of DAOs. Services use only {@link #transaction} and {@link #read};
 * SQL never leaves this package.
 *
 * <p>Thread-safe. Close once at shutdown.
 */
public final class Store implements AutoCloseable {
    /** How old an answer of {@link #read} may be, for a change made through another node. */
    public static final Duration READ_FRESHNESS = RecentReads.FRESHNESS;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final RecentReads recentReads = new RecentReads();

    private Store(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
        if (dialect == Dialect.SQLITE) {
            jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        }
    }

    /** Opens the database at {@code jdbcUrl} and migrates it to the newest schema. */
    public static Store open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setDataSourceProperties(dialect.driverProperties());
        config.setMaximumPoolSize(dialect.poolSize());
        config.setPoolName("replikey-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations(dialect.migrationLocations())
                    .placeholders(dialect.migrationPlaceholders()).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Store(dataSource, dialect);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in one transaction; it commits when work returns, rolls back when it throws. */
    public <T> T transaction(Function<Tx, T> work) {
        try {
            return jdbi.inTransaction(handle -> work.apply(new Tx(() -> handle, dialect, RecentReads.NONE)));
        } finally {
            recentReads.committed();
        }
    }

    /**
     * Runs read-only {@code work} without an explicit transaction. Some lookups may answer from
     * this node's recent reads: as of this node's last commit, and at most one second old
     * ({@link RecentReads}).
     */
    public <T> T read(Function<Tx, T> work) {
        HandleSupplier enclosing = jdbi.getHandleScope().get();
        if (enclosing != null) {
            // Nested in a transaction or read of this thread, as Jdbi's withHandle would be: use its
            // handle, so that a transaction's own writes are seen and no second connection is
            // awaited; never recent reads, which must not hold or hide uncommitted rows.
            return work.apply(new Tx(enclosing::getHandle, dialect, RecentReads.NONE));
        }
        try (ReadHandle handle = new ReadHandle(jdbi)) {
            return work.apply(new Tx(handle, dialect, recentReads));
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
