package io.replikey.server.store;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The database dialects replikey runs on. Everything that differs between them lives here;
 * the SQL in the DAOs and migrations is shared.
 */
public enum Dialect {
    SQLITE,
    POSTGRESQL;

    /** The dialect of a JDBC URL. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL (expected jdbc:sqlite: or jdbc:postgresql:)");
    }

    /**
     * Driver properties. SQLite: WAL for concurrent readers, a busy timeout, enforced foreign keys,
     * IMMEDIATE transactions so a writing transaction holds the write lock from its start and
     * never fails on a lock upgrade, and {@code synchronous=FULL} so every commit is fsynced to the
     * WAL before it returns: an acknowledged write survives power loss, not only a crash (in WAL
     * mode NORMAL may lose the last commits on power loss). PostgreSQL: nothing is set, so the
     * server's own durable defaults ({@code fsync}, {@code synchronous_commit=on}) hold.
     */
    Properties driverProperties() {
        Properties properties = new Properties();
        if (this == SQLITE) {
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("busy_timeout", "10000");
            properties.setProperty("foreign_keys", "true");
            properties.setProperty("transaction_mode", "IMMEDIATE");
            properties.setProperty("synchronous", "FULL");
        }
        return properties;
    }

    /**
     * The clause that makes a SELECT lock the rows it reads from {@code alias} until the
     * transaction ends, so a rule can read what it will change before anyone else changes it.
     * PostgreSQL needs {@code FOR UPDATE}; SQLite has none and needs none, since an IMMEDIATE
     * transaction holds the database write lock from its start.
     */
    String lockRowsOf(String alias) {
        return this == POSTGRESQL ? " FOR UPDATE OF " + alias : "";
    }

    /**
     * Flyway locations: the common migrations plus this dialect's own, for the few schema changes
     * that portable SQL cannot express (SQLite cannot add a constraint to an existing table).
     */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration", "classpath:db/migration-" + name().toLowerCase(Locale.ROOT)};
    }

    /** Pool size: SQLite serialises writers anyway, so a few connections suffice. */
    int poolSize() {
        return this == SQLITE ? 8 : 16;
    }

    /**
     * Values for the {@code ${...}} placeholders of the migrations. {@code binary_collation}
     * orders text by its UTF-8 bytes (SQLite's BINARY is its default; PostgreSQL's "C"), so
     * listings sort and page identically on both databases, whatever the server's locale.
     */
    Map<String, String> migrationPlaceholders() {
        return Map.of("binary_collation", this == SQLITE ? "COLLATE BINARY" : "COLLATE \"C\"");
    }

    /**
     * The clause that makes a SELECT lock the rows it reads until the transaction ends, so a
     * rule checked on them cannot be invalidated by a concurrent writer: PostgreSQL's
     * {@code FOR UPDATE}; nothing on SQLite, whose IMMEDIATE transactions already hold the
     * database's single write lock from their start.
     */
    String lockingSuffix() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** True when {@code e} reports a violated UNIQUE or PRIMARY KEY constraint. */
    boolean isUniqueViolation(SQLException e) {
        if (this == POSTGRESQL) {
            return "23505".equals(e.getSQLState());
        }
        return e instanceof SQLiteException sqlite
                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }
}
