package io.replikey.server.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Data access for {@code replication_scans}, the record of every scan of a replication account.
 * A scan is inserted when it starts, its counts are updated as it goes, and it is finished once:
 * a finished scan never changes again, so a node that lost its lease cannot overwrite the
 * "interrupted" verdict with a late result.
 *
 * <p>"Completed" means finished, with or without an error; "successful" means finished without
 * one, as DSM's {@code RecentScanSummary} uses the words. Bound to one handle; not thread-safe.
 */
public final class ReplicationScanDao {
    private static final String INTERRUPTED_PREFIX = "interrupted: node ";
    private static final String INTERRUPTED_SUFFIX = " lost its lease";

    private static final RowMapper<ReplicationScanRecord> MAPPER = (rs, ctx) -> new ReplicationScanRecord(
            UUID.fromString(rs.getString("scan_id")), UUID.fromString(rs.getString("acct_id")),
            ReplicationScanRecord.Trigger.ofColumn(rs.getString("triggered_by")), rs.getString("node_id"),
            rs.getLong("started_at"), Columns.nullableLong(rs, "finished_at"), rs.getString("error_message"),
            new ReplicationScanCounts(rs.getLong("groups_seen"), rs.getLong("objects_seen"),
                    rs.getLong("objects_created"), rs.getLong("objects_updated"), rs.getLong("objects_deleted"),
                    rs.getLong("objects_unexportable")));

    /**
     * Newest first; within one second the running scan, then the later finished one; ids break full
     * ties. NULLS FIRST is portable: PostgreSQL, and SQLite since 3.30 (sqlite-jdbc bundles 3.54).
     */
    private static final String NEWEST_FIRST = " ORDER BY started_at DESC, finished_at DESC NULLS FIRST, scan_id DESC";
    private static final String LAST_FINISHED_FIRST = " ORDER BY finished_at DESC, started_at DESC, scan_id DESC";
    /** The counter columns, bound by {@code bindMethods} from a {@link ReplicationScanCounts}. */
    private static final String COUNTS = """
            groups_seen = :groupsSeen, objects_seen = :objectsSeen, objects_created = :created, \
            objects_updated = :updated, objects_deleted = :deleted, objects_unexportable = :unexportable""";

    private final Handle handle;

    ReplicationScanDao(Handle handle) {
        this.handle = handle;
    }

    /** Inserts the scan, as given: normally {@link ReplicationScanRecord#started}. */
    public void insert(ReplicationScanRecord scan) {
        ReplicationScanCounts counts = scan.counts();
        handle.createUpdate("""
                INSERT INTO replication_scans (scan_id, acct_id, triggered_by, node_id, started_at, finished_at,
                    error_message, groups_seen, objects_seen, objects_created, objects_updated, objects_deleted,
                    objects_unexportable)
                VALUES (:scan, :acct, :trigger, :node, :started, :finished, :error, :groups, :seen, :created,
                    :updated, :deleted, :unexportable)""")
                .bind("scan", scan.scanId().toString()).bind("acct", scan.acctId().toString())
                .bind("trigger", scan.trigger().column()).bind("node", scan.nodeId())
                .bind("started", scan.startedAt()).bind("finished", scan.finishedAt())
                .bind("error", scan.errorMessage()).bind("groups", counts.groupsSeen())
                .bind("seen", counts.objectsSeen()).bind("created", counts.created())
                .bind("updated", counts.updated()).bind("deleted", counts.deleted())
                .bind("unexportable", counts.unexportable()).execute();
    }

    /** Records a running scan's counts so far. Returns false, changing nothing, once the scan is finished. */
    public boolean updateProgress(UUID scanId, ReplicationScanCounts counts) {
        return handle.createUpdate("UPDATE replication_scans SET " + COUNTS + " WHERE scan_id = :scan"
                        + " AND finished_at IS NULL")
                .bind("scan", scanId.toString()).bindMethods(counts).execute() == 1;
    }

    /**
     * Finishes the scan at {@code finishedAt} with its final counts; {@code errorMessage} is null
     * on success. Returns false, changing nothing, when the scan was already finished (for
     * example marked interrupted after its node lost the lease).
     */
    public boolean finish(UUID scanId, long finishedAt, String errorMessage, ReplicationScanCounts counts) {
        return handle.createUpdate("UPDATE replication_scans SET finished_at = :finished, error_message = :error, "
                        + COUNTS + " WHERE scan_id = :scan AND finished_at IS NULL")
                .bind("finished", finishedAt).bind("error", errorMessage).bind("scan", scanId.toString())
                .bindMethods(counts).execute() == 1;
    }

    /**
     * Marks as failed, finished at {@code now}, every unfinished scan of the account that no live
     * lease covers: its node died, hung past the lease, or lost the lease to another node. Returns
     * how many. Called right after {@link ReplicationLeaseDao#tryAcquire} in the same transaction,
     * it closes the previous holder's scan at the moment the lease changes hands, so at most one
     * scan of an account is ever unfinished. It lives here, not in the lease DAO, because it writes
     * scan rows; the lease is only read.
     */
    public int interruptAbandoned(UUID acctId, long now) {
        return handle.createUpdate("""
                UPDATE replication_scans
                SET finished_at = :now, error_message = :prefix || node_id || :suffix
                WHERE acct_id = :acct AND finished_at IS NULL AND NOT EXISTS (
                    SELECT 1 FROM replication_leases l
                    WHERE l.acct_id = replication_scans.acct_id AND l.scan_id = replication_scans.scan_id
                      AND l.expires_at > :now)""")
                .bind("now", now).bind("prefix", INTERRUPTED_PREFIX).bind("suffix", INTERRUPTED_SUFFIX)
                .bind("acct", acctId.toString()).execute();
    }

    /** The error message {@link #interruptAbandoned} gives a scan of the node {@code nodeId}. */
    public static String interruptedMessage(String nodeId) {
        return INTERRUPTED_PREFIX + nodeId + INTERRUPTED_SUFFIX;
    }

    /** The account's newest {@code limit} scans, newest first, the running one included. */
    public List<ReplicationScanRecord> latest(UUID acctId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return handle.createQuery("SELECT * FROM replication_scans WHERE acct_id = :acct" + NEWEST_FIRST
                        + " LIMIT :limit")
                .bind("acct", acctId.toString()).bind("limit", limit).map(MAPPER).list();
    }

    /** The scan that finished last, with or without an error. */
    public Optional<ReplicationScanRecord> lastCompleted(UUID acctId) {
        return lastFinished(acctId, "");
    }

    /** The scan that finished last without an error. */
    public Optional<ReplicationScanRecord> lastSuccessful(UUID acctId) {
        return lastFinished(acctId, " AND error_message IS NULL");
    }

    private Optional<ReplicationScanRecord> lastFinished(UUID acctId, String condition) {
        return handle.createQuery("SELECT * FROM replication_scans WHERE acct_id = :acct AND finished_at IS NOT NULL"
                        + condition + LAST_FINISHED_FIRST + " LIMIT 1")
                .bind("acct", acctId.toString()).map(MAPPER).findOne();
    }

    /**
     * The scan running now: unfinished and covered by the account's live lease. An unfinished scan
     * whose lease expired is not reported: its node is presumed dead, and the next
     * {@link #interruptAbandoned} records it as failed.
     */
    public Optional<ReplicationScanRecord> running(UUID acctId, long now) {
        return handle.createQuery("""
                SELECT s.* FROM replication_scans s
                JOIN replication_leases l ON l.acct_id = s.acct_id AND l.scan_id = s.scan_id
                WHERE s.acct_id = :acct AND s.finished_at IS NULL AND l.expires_at > :now""")
                .bind("acct", acctId.toString()).bind("now", now).map(MAPPER).findOne();
    }

    public Optional<ReplicationScanRecord> byId(UUID acctId, UUID scanId) {
        return handle.createQuery("SELECT * FROM replication_scans WHERE acct_id = :acct AND scan_id = :scan")
                .bind("acct", acctId.toString()).bind("scan", scanId.toString()).map(MAPPER).findOne();
    }
}
