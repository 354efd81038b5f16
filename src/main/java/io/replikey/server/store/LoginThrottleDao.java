package io.replikey.server.store;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Data access for {@code login_throttles}, the failed logins per (user, client address). Bound to
 * one handle; not thread-safe.
 */
public final class LoginThrottleDao {
    private static final RowMapper<LoginThrottleRecord> MAPPER = (rs, ctx) -> new LoginThrottleRecord(
            UUID.fromString(rs.getString("user_id")), rs.getString("client_address"), rs.getInt("failures"),
            rs.getLong("throttled_until"), rs.getLong("last_failure_at"));

    private final Handle handle;

    LoginThrottleDao(Handle handle) {
        this.handle = handle;
    }

    public Optional<LoginThrottleRecord> find(UUID userId, String clientAddress) {
        return handle.createQuery("SELECT * FROM login_throttles WHERE user_id = :user AND client_address = :address")
                .bind("user", userId.toString()).bind("address", clientAddress).map(MAPPER).findOne();
    }

    /**
     * Counts one more failed login from {@code clientAddress}, unless that address is throttled at
     * {@code now}, and returns the new count, or 0 when throttled (nothing is counted then). The
     * upsert and its condition are evaluated in the database on the locked row, so concurrent
     * attempts, on any node, are neither lost nor let through past a throttle another one just set.
     */
    public int countFailureUnlessThrottled(UUID userId, String clientAddress, long now) {
        int counted = handle.createUpdate("""
                INSERT INTO login_throttles (user_id, client_address, failures, last_failure_at)
                VALUES (:user, :address, 1, :now)
                ON CONFLICT (user_id, client_address)
                DO UPDATE SET failures = login_throttles.failures + 1, last_failure_at = :now
                WHERE login_throttles.throttled_until <= :now""")
                .bind("user", userId.toString()).bind("address", clientAddress).bind("now", now).execute();
        return counted == 0 ? 0 : find(userId, clientAddress).orElseThrow().failures();
    }

    public void throttleUntil(UUID userId, String clientAddress, long until) {
        handle.createUpdate("""
                UPDATE login_throttles SET throttled_until = :until
                WHERE user_id = :user AND client_address = :address""")
                .bind("until", until).bind("user", userId.toString()).bind("address", clientAddress).execute();
    }

    /** Forgets the failures from one address (after a successful login from it). */
    public void clear(UUID userId, String clientAddress) {
        handle.createUpdate("DELETE FROM login_throttles WHERE user_id = :user AND client_address = :address")
                .bind("user", userId.toString()).bind("address", clientAddress).execute();
    }

    /**
     * Deletes the rows whose last failure is before {@code lastFailureBefore} and that no longer
     * throttle at {@code now}; returns how many.
     */
    public int deleteQuietSince(long lastFailureBefore, long now) {
        return handle.createUpdate("""
                DELETE FROM login_throttles WHERE last_failure_at < :before AND throttled_until <= :now""")
                .bind("before", lastFailureBefore).bind("now", now).execute();
    }
}
