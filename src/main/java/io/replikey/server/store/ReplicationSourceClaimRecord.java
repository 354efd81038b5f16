package io.replikey.server.store;

import java.util.Objects;
import java.util.UUID;

/**
 * A row of {@code replication_source_claims}: the replication account {@code acctId} replicates the
 * source account {@code sourceAcctId} at {@code sourceOrigin} ({@code https://host:port}, host in
 * lower case, port always given), since {@code claimedAt} (epoch seconds).
 */
public record ReplicationSourceClaimRecord(UUID acctId, String sourceOrigin, UUID sourceAcctId, long claimedAt) {
    public ReplicationSourceClaimRecord {
        Objects.requireNonNull(acctId, "acctId");
        Objects.requireNonNull(sourceOrigin, "sourceOrigin");
        Objects.requireNonNull(sourceAcctId, "sourceAcctId");
    }

    /** True when both name the same source account. */
    public boolean sameSource(ReplicationSourceClaimRecord other) {
        return sourceOrigin.equals(other.sourceOrigin) && sourceAcctId.equals(other.sourceAcctId);
    }
}
