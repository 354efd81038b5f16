package io.replikey.server.store;

import io.replikey.server.domain.Account;
import io.replikey.server.domain.Purpose;
import io.replikey.server.domain.PurposeKind;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code accounts}: the purpose flattened into columns, which are null for a Standard
 * account. Times are epoch seconds.
 */
public record AccountRecord(UUID acctId, String name, String description, boolean enabled, PurposeKind purposeType,
        PurposeKind originalPurposeType, String replicationUrl, Integer scanIntervalHours, UUID activeCredentialId,
        long createdAt) {

    /** The row of {@code account}. */
    public static AccountRecord of(Account account) {
        Purpose.Replication replication = account.purpose() instanceof Purpose.Replication r ? r : null;
        return new AccountRecord(account.acctId(), account.name(), account.description(), account.enabled(),
                account.purpose().kind(), account.originalPurpose(), replication == null ? null : replication.url(),
                replication == null ? null : replication.scanIntervalHours(),
                replication == null ? null : replication.activeCredentialId(), account.createdAt().getEpochSecond());
    }

    public Account toAccount() {
        Purpose purpose = purposeType == PurposeKind.STANDARD ? Purpose.STANDARD
                : new Purpose.Replication(replicationUrl, scanIntervalHours, activeCredentialId);
        return new Account(acctId, name, description, enabled, purpose, originalPurposeType,
                Instant.ofEpochSecond(createdAt));
    }
}
