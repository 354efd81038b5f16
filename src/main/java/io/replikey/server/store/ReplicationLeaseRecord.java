package io.replikey.server.store;

import java.util.UUID;

/**
 * A row of {@code replication_leases}: {@code holder} (a server node) may scan the account until
 * {@code expiresAt} (epoch seconds), for the scan {@code scanId}.
 */
public record ReplicationLeaseRecord(UUID acctId, String holder, UUID scanId, long expiresAt) {

    /** True while the lease has not expired at {@code now}; from {@code expiresAt} on, anyone may take it. */
    public boolean liveAt(long now) {
        return expiresAt > now;
    }
}
