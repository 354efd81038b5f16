package io.replikey.server.store;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Data access for {@code users}. Bound to one handle; not thread-safe. */
public final class UserDao {
    private static final RowMapper<UserRecord> MAPPER = (rs, ctx) -> new UserRecord(
            UUID.fromString(rs.getString("user_id")), rs.getString("email"), rs.getString("password_hash"),
            rs.getString("first_name"), rs.getString("last_name"), rs.getLong("created_at"),
            Columns.nullableLong(rs, "last_logged_in_at"), rs.getInt("failed_logins"),
            rs.getLong("throttled_until"));

    private final Handle handle;

    UserDao(Handle handle) {
        this.handle = handle;
    }

    /** Inserts the user; returns false (and changes nothing) when the email is taken. */
    public boolean insert(UserRecord user) {
        return handle.createUpdate("""
                INSERT INTO users (user_id, email, password_hash, first_name, last_name, created_at)
                VALUES (:id, :email, :hash, :first, :last, :created) ON CONFLICT DO NOTHING""")
                .bind("id", user.userId().toString()).bind("email", user.email())
                .bind("hash", user.passwordHash()).bind("first", user.firstName()).bind("last", user.lastName())
                .bind("created", user.createdAt()).execute() == 1;
    }

    public Optional<UserRecord> byId(UUID userId) {
        return handle.createQuery("SELECT * FROM users WHERE user_id = :id")
                .bind("id", userId.toString()).map(MAPPER).findOne();
    }

    public Optional<UserRecord> byEmail(String email) {
        return handle.createQuery("SELECT * FROM users WHERE email = :email")
                .bind("email", email).map(MAPPER).findOne();
    }

    /**
     * Counts one more failed login, unless the user is throttled at {@code now}, and returns the
     * new count, or 0 when throttled (nothing is counted then). The increment and its condition are
     * evaluated in the database on the locked row, so concurrent attempts, on any node, are neither
     * lost nor let through past a throttle another one just set.
     */
    public int countFailureUnlessThrottled(UUID userId, long now) {
        int counted = handle.createUpdate("""
                UPDATE users SET failed_logins = failed_logins + 1
                WHERE user_id = :id AND throttled_until <= :now""")
                .bind("id", userId.toString()).bind("now", now).execute();
        if (counted == 0) {
            return 0;
        }
        return handle.createQuery("SELECT failed_logins FROM users WHERE user_id = :id")
                .bind("id", userId.toString()).mapTo(Integer.class).one();
    }

    public void throttleUntil(UUID userId, long until) {
        handle.createUpdate("UPDATE users SET throttled_until = :until WHERE user_id = :id")
                .bind("until", until).bind("id", userId.toString()).execute();
    }

    public void recordSuccessfulLogin(UUID userId, long now) {
        handle.createUpdate("""
                UPDATE users SET failed_logins = 0, throttled_until = 0, last_logged_in_at = :now
                WHERE user_id = :id""").bind("now", now).bind("id", userId.toString()).execute();
    }
}
