package io.replikey.server.replication;

import io.replikey.server.store.ReplicationScanCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * What one running scan has counted so far, and the names of the objects the source refused to
 * export (the first {@link #NAMED_LIMIT}; the count holds them all). Thread-safe: the scan writes,
 * the engine reads progress.
 */
final class ScanTally {
    /** How many refused objects a scan names; past this it only counts them. */
    static final int NAMED_LIMIT = 100;

    private final List<String> unexportable = new ArrayList<>();
    private long groupsSeen;
    private long objectsSeen;
    private long created;
    private long updated;
    private long deleted;
    private long refused;

    synchronized ReplicationScanCounts counts() {
        return new ReplicationScanCounts(groupsSeen, objectsSeen, created, updated, deleted, refused);
    }

    synchronized List<String> unexportable() {
        return List.copyOf(unexportable);
    }

    synchronized void groupSeen() {
        groupsSeen++;
    }

    synchronized void objectSeen() {
        objectsSeen++;
    }

    synchronized void created() {
        created++;
    }

    synchronized void updated() {
        updated++;
    }

    synchronized void deleted() {
        deleted++;
    }

    synchronized void unexportable(String name) {
        refused++;
        if (unexportable.size() < NAMED_LIMIT) {
            unexportable.add(name);
        }
    }
}
