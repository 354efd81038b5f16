package io.replikey.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads nullable columns the same way on every driver (SQLite's getObject(col, Long.class) rejects NULL). */
final class Columns {
    private Columns() {
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static UUID nullableUuid(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : UUID.fromString(value);
    }
}
