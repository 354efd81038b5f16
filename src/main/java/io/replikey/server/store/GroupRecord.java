package io.replikey.server.store;

import java.util.Map;
import java.util.UUID;

/**
 * A row of {@code groups}. Names are unique per account. {@code customMetadata} may be null.
 * Times are epoch seconds.
 */
public record GroupRecord(UUID groupId, UUID acctId, String name, String description,
        Map<String, String> customMetadata, Creator creator, long createdAt) {
}
