package io.replikey.server.store;

import java.util.UUID;

/**
 * A row of {@code sessions}: whose session it is, never the token itself. For an app session
 * {@code selectedAccountId} is the app's own account. Times are epoch seconds.
 */
public record SessionRecord(String tokenHash, SessionKind entityKind, UUID entityId, UUID selectedAccountId,
        long createdAt, long lastUsedAt) {
}
