package io.replikey.server.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One scan of a replication account, as the API shows it: when it started and finished (null
 * while it runs), its error (null unless it failed), who started it ({@code auto} or
 * {@code manual}), the node that ran it, and its counts (the progress so far while it runs).
 */
public record ReplicationScan(UUID scanId, String trigger, String nodeId, Instant startedAt, Instant finishedAt,
        String errorMessage, Counts counts) {

    /** Groups and objects seen at the source; objects created, updated, deleted, and refused export. */
    public record Counts(long groupsSeen, long objectsSeen, long created, long updated, long deleted,
            long unexportable) {
    }

    public boolean inProgress() {
        return finishedAt == null;
    }
}
