package io.replikey.server.store;

/**
 * What a scan has counted: groups and security objects seen at the source, and objects created,
 * updated and deleted on the destination, or recorded without material because the source
 * refused to export them. All counts are zero or more.
 */
public record ReplicationScanCounts(long groupsSeen, long objectsSeen, long created, long updated, long deleted,
        long unexportable) {

    public static final ReplicationScanCounts NONE = new ReplicationScanCounts(0, 0, 0, 0, 0, 0);

    public ReplicationScanCounts {
        if (groupsSeen < 0 || objectsSeen < 0 || created < 0 || updated < 0 || deleted < 0 || unexportable < 0) {
            throw new IllegalArgumentException("scan counts cannot be negative");
        }
    }
}
