package io.replikey.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** DSM timestamps: {@code YYYYMMDDTHHMMSSZ} in UTC, e.g. {@code 20260126T101500Z}. Thread-safe. */
public final class WireTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private WireTime() {
    }

    public static String format(long epochSeconds) {
        return FORMAT.format(Instant.ofEpochSecond(epochSeconds));
    }
}
