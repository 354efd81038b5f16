package io.replikey.server.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A group of one account as the services hand it out. {@code customMetadata} may be null. Immutable. */
public record Group(UUID groupId, UUID acctId, String name, String description, Map<String, String> customMetadata,
        Creator creator, Instant createdAt) {
}
