package io.replikey.wire;

/**
 * DSM {@code RecentScanSummary} of {@code GET …/replication/recent_scan_summary}: the scan under
 * way, the last one that finished and the last one that succeeded; each absent when there is none.
 */
public record RecentScanSummary(ReplicationScan inProgress, ReplicationScan lastCompleted,
        ReplicationScan lastSuccessful) {

    /** DSM {@code ReplicationScan}: {@code error_message} is set only for a failed scan. */
    public record ReplicationScan(String startedAt, String finishedAt, String errorMessage) {
    }
}
