package io.replikey.server.store;

import io.replikey.server.domain.User;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code users}. Times are epoch seconds. */
public record UserRecord(UUID userId, String email, String passwordHash, String firstName, String lastName,
        long createdAt, Long lastLoggedInAt, int failedLogins, long throttledUntil) {

    /** The user without its password hash and login counters. */
    public User toUser() {
        return new User(userId, email, firstName, lastName, Instant.ofEpochSecond(createdAt),
                lastLoggedInAt == null ? null : Instant.ofEpochSecond(lastLoggedInAt));
    }
}
