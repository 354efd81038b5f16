package io.replikey.server.domain;

import java.time.Instant;
import java.util.UUID;

/** An account as the services hand it out. Immutable. */
public record Account(UUID acctId, String name, String description, boolean enabled, Purpose purpose,
        PurposeKind originalPurpose, Instant createdAt) {
}
