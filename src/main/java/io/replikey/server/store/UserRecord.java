package io.replikey.server.store;

import java.util.UUID;

/** A row of {@code users}. Times are epoch seconds. */
public record UserRecord(UUID userId, String email, String passwordHash, String firstName, String lastName,
        long createdAt, Long lastLoggedInAt, int failedLogins, long throttledUntil) {
}
