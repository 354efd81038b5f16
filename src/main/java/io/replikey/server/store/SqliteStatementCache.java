package io.replikey.server.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps each pooled SQLite connection's prepared statements for reuse by the next handle on that
 * connection. Why: the SQLite driver prepares every statement anew, and preparing (parsing and
 * planning) cost as much as running the primary-key lookups of a request; PostgreSQL's driver
 * already keeps prepared statements per connection, so this is for SQLite only.
 *
 * <p>A statement is cached by its SQL text on the physical connection (prepared past the pool's
 * proxy, which would close it with each borrowed handle). While a handle uses it, it is out of the
 * cache, so the same SQL nested in one handle gets a fresh statement. On return its result set is
 * closed, which resets the statement and ends its read of the database (the driver does that),
 * and its parameters are cleared. Statements that return generated keys or updatable results are
 * never cached. At most {@link #MAX_PER_CONNECTION} per connection; beyond that, statements are
 * closed after use. Cached statements die with their connection.
 *
 * <p>Thread-safe: a physical connection is used by one thread at a time (the pool's guarantee),
 * and the registry of connections is synchronised.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    static final int MAX_PER_CONNECTION = 256;

    private final Map<Connection, Map<String, PreparedStatement>> idleByConnection =
            Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        try {
            Connection physical = conn.unwrap(SQLiteConnection.class);
            return new Builder(physical, idleByConnection.computeIfAbsent(physical, c -> new HashMap<>()));
        } catch (SQLException e) {
            return new DefaultStatementBuilder(); // not a SQLite connection: nothing to cache
        }
    }

    /** Idle cached statements on all connections (tests). */
    int idleStatements() {
        synchronized (idleByConnection) {
            return idleByConnection.values().stream().mapToInt(Map::size).sum();
        }
    }

    private static final class Builder implements StatementBuilder {
        private final DefaultStatementBuilder uncached = new DefaultStatementBuilder();
        private final Connection physical;
        private final Map<String, PreparedStatement> idle;
        /** This handle's cached-kind statements, with the SQL they were prepared from. */
        private final Map<Statement, String> inUse = new IdentityHashMap<>();

        Builder(Connection physical, Map<String, PreparedStatement> idle) {
            this.physical = physical;
            this.idle = idle;
        }

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return uncached.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (!cacheable(ctx)) {
                return uncached.create(conn, sql, ctx);
            }
            PreparedStatement statement = idle.remove(sql);
            if (statement == null || statement.isClosed()) {
                statement = physical.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            }
            inUse.put(statement, sql);
            return statement;
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return uncached.createCall(conn, sql, ctx);
        }

        /** {@code sql} is the statement's text before Jdbi translated it: the cache is keyed by what was prepared. */
        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            String prepared = inUse.remove(stmt);
            if (prepared != null && !stmt.isClosed() && idle.size() < MAX_PER_CONNECTION
                    && !idle.containsKey(prepared)) {
                ((PreparedStatement) stmt).clearParameters();
                idle.put(prepared, (PreparedStatement) stmt);
                return;
            }
            stmt.close();
        }

        private static boolean cacheable(StatementContext ctx) {
            return !ctx.isReturningGeneratedKeys() && !ctx.isConcurrentUpdatable();
        }
    }
}
