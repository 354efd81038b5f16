package io.replikey.server.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Data access for {@code replication_leases}: the lease that lets one server node run one scan of
 * an account at a time, also when several nodes share one PostgreSQL database.
 *
 * <p>Each decision is one statement, so the database settles races by itself: on PostgreSQL the
 * row (or the primary key being inserted) is locked by the first writer and every other writer
 * re-checks the condition on the committed row; on SQLite writers are serialised. A caller should
 * run each call in its own short {@link Store#transaction}, or in the transaction that also writes
 * the scan row, and commit at once: other nodes see the lease only once it is committed.
 *
 * <p>How the engine uses it: in one transaction {@link #tryAcquire}, then
 * {@link ReplicationScanDao#interruptAbandoned} (the previous holder's unfinished scan is marked
 * failed) and {@link ReplicationScanDao#insert} of the new scan; while scanning, {@link #renew}
 * well before the lease expires and stop when it returns false, and call {@link #lockIfHeld} in
 * each transaction that writes replicated objects, so a node that lost its lease writes nothing
 * more; at the end, in one transaction, {@link ReplicationScanDao#finish} and {@link #release}.
 *
 * <p>Limits. {@code now} comes from the caller's clock, so the nodes' clocks must agree to well
 * within the lease's time to live (NTP); a clock far ahead takes over leases early. Leases have
 * whole-second resolution. Renewal, release and the write check match the holder only, so a holder
 * name must stand for one scan at a time: a node uses a name unique to its process (a restarted
 * node is a new holder) and never runs two scans of one account itself. Bound to one handle; not
 * thread-safe.
 */
public final class ReplicationLeaseDao {
    private static final RowMapper<ReplicationLeaseRecord> MAPPER = (rs, ctx) -> new ReplicationLeaseRecord(
            UUID.fromString(rs.getString("acct_id")), rs.getString("holder"), UUID.fromString(rs.getString("scan_id")),
            rs.getLong("expires_at"));

    private final Handle handle;

    ReplicationLeaseDao(Handle handle) {
        this.handle = handle;
    }

    /**
     * Takes the account's lease for {@code holder} and its scan {@code scanId} until
     * {@code now + ttl}, when nobody holds it or its lease has expired. Returns false, changing
     * nothing, while any lease is live, the holder's own included. Exactly one of any number of
     * concurrent callers, on any number of nodes, wins a free lease.
     *
     * @throws org.jdbi.v3.core.statement.UnableToExecuteStatementException when the account does not exist
     */
    public boolean tryAcquire(UUID acctId, String holder, UUID scanId, long now, Duration ttl) {
        // The upsert's WHERE is evaluated on the conflicting row after it is locked, so the
        // "expired?" check and the takeover cannot be split by another writer.
        return handle.createUpdate("""
                INSERT INTO replication_leases (acct_id, holder, scan_id, expires_at)
                VALUES (:acct, :holder, :scan, :expires)
                ON CONFLICT (acct_id) DO UPDATE
                    SET holder = excluded.holder, scan_id = excluded.scan_id, expires_at = excluded.expires_at
                    WHERE replication_leases.expires_at <= :now""")
                .bind("acct", acctId.toString()).bind("holder", holder).bind("scan", scanId.toString())
                .bind("expires", expiry(now, ttl)).bind("now", now).execute() == 1;
    }

    /**
     * Extends the holder's live lease to {@code now + ttl}. Returns false when the lease is no
     * longer the holder's: it expired (even if nobody took it over yet) or another node took it,
     * or it was released. The scan must then stop at once.
     */
    public boolean renew(UUID acctId, String holder, long now, Duration ttl) {
        return handle.createUpdate("""
                UPDATE replication_leases SET expires_at = :expires
                WHERE acct_id = :acct AND holder = :holder AND expires_at > :now""")
                .bind("expires", expiry(now, ttl)).bind("acct", acctId.toString()).bind("holder", holder)
                .bind("now", now).execute() == 1;
    }

    /**
     * True when {@code holder} still holds a live lease on the account; the lease row then stays
     * locked until the calling transaction ends (PostgreSQL row lock; SQLite's IMMEDIATE
     * transactions hold the database write lock anyway). Called in a transaction that writes
     * replicated objects, it fences them: a takeover waits for that transaction, and after a
     * takeover the old holder's check fails, so its writes can be rolled back.
     */
    public boolean lockIfHeld(UUID acctId, String holder, long now) {
        return handle.createUpdate("""
                UPDATE replication_leases SET holder = holder
                WHERE acct_id = :acct AND holder = :holder AND expires_at > :now""")
                .bind("acct", acctId.toString()).bind("holder", holder).bind("now", now).execute() == 1;
    }

    /** Gives the lease up, when {@code holder} still has it; a lease taken over by another node is left alone. */
    public boolean release(UUID acctId, String holder) {
        return handle.createUpdate("DELETE FROM replication_leases WHERE acct_id = :acct AND holder = :holder")
                .bind("acct", acctId.toString()).bind("holder", holder).execute() == 1;
    }

    /** The account's lease row, live or expired (see {@link ReplicationLeaseRecord#liveAt}), when there is one. */
    public Optional<ReplicationLeaseRecord> lease(UUID acctId) {
        return handle.createQuery("SELECT * FROM replication_leases WHERE acct_id = :acct")
                .bind("acct", acctId.toString()).map(MAPPER).findOne();
    }

    private static long expiry(long now, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a lease lives at least one second");
        }
        return Math.addExact(now, ttl.toSeconds());
    }
}
