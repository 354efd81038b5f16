package io.replikey.server.store;

import java.util.UUID;

/** A row of {@code sessions}: whose session it is, never the token itself. Times are epoch seconds. */
public record SessionRecord(String tokenHash, String entityKind, UUID entityId, UUID selectedAccountId,
        long createdAt, long lastUsedAt) {
}
