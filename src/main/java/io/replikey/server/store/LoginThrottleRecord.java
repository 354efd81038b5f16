package io.replikey.server.store;

import java.util.UUID;

/** A row of {@code login_throttles}: failed logins of one user from one client address. Times are epoch seconds. */
public record LoginThrottleRecord(UUID userId, String clientAddress, int failures, long throttledUntil,
        long lastFailureAt) {
}
