package io.replikey.server.store;

import java.util.UUID;

/**
 * A row of {@code replication_scans}: one scan of a replication account's source. Times are epoch
 * seconds. {@code finishedAt} is null while the scan runs; {@code errorMessage} is null unless the
 * scan finished with an error. {@code counts} is the progress so far, or the outcome once finished.
 * {@code nodeId} names the server node that ran the scan.
 */
public record ReplicationScanRecord(UUID scanId, UUID acctId, Trigger trigger, String nodeId, long startedAt,
        Long finishedAt, String errorMessage, ReplicationScanCounts counts) {

    /** What started a scan: the schedule, or an explicit request. Stored by its lower-case name. */
    public enum Trigger {
        AUTO("auto"),
        MANUAL("manual");

        private final String column;

        Trigger(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }

        static Trigger ofColumn(String value) {
            for (Trigger trigger : values()) {
                if (trigger.column.equals(value)) {
                    return trigger;
                }
            }
            throw new IllegalStateException("unknown scan trigger in the database: " + value);
        }
    }

    /** A scan that has just started: not finished, nothing counted yet. */
    public static ReplicationScanRecord started(UUID scanId, UUID acctId, Trigger trigger, String nodeId,
            long startedAt) {
        return new ReplicationScanRecord(scanId, acctId, trigger, nodeId, startedAt, null, null,
                ReplicationScanCounts.NONE);
    }

    public boolean finished() {
        return finishedAt != null;
    }

    public boolean successful() {
        return finishedAt != null && errorMessage == null;
    }
}
