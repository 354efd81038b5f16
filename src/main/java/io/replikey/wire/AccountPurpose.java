package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account's purpose: {@code {"$type":"Standard"}} or
 * {@code {"$type":"AccountReplication","connection_settings":…,"scan_settings":…}}.
 * One record with nullable settings keeps the JSON shape exact; the service checks that the
 * settings fit the {@code $type}.
 */
public record AccountPurpose(@JsonProperty("$type") String type, ConnectionSettings connectionSettings,
        ScanSettings scanSettings) {

    public static final String STANDARD = "Standard";
    public static final String ACCOUNT_REPLICATION = "AccountReplication";

    public static AccountPurpose standard() {
        return new AccountPurpose(STANDARD, null, null);
    }

    /** Connection settings of a replication account. */
    public record ConnectionSettings(String url, String activeReplicationCredential) {
    }

    /** Scan settings of a replication account. */
    public record ScanSettings(AutoScan autoScan) {
    }

    /** Automatic scanning interval. */
    public record AutoScan(Integer scanIntervalHours) {
    }
}
