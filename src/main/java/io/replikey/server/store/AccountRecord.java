package io.replikey.server.store;

import java.util.UUID;

/**
 * A row of {@code accounts}. {@code purposeType} is {@code Standard} or {@code AccountReplication};
 * the replication columns are null for a Standard account. Times are epoch seconds.
 */
public record AccountRecord(UUID acctId, String name, String description, boolean enabled, String purposeType,
        String originalPurposeType, String replicationUrl, Integer scanIntervalHours, UUID activeCredentialId,
        long createdAt) {
}
