package io.replikey.server.store;

import java.util.Locale;
import java.util.Properties;

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
}
