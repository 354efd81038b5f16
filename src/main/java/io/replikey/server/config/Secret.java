package io.replikey.server.config;

/**
 * A configuration value that must never be printed: {@link #toString()} masks it, so logging a
 * configuration record cannot leak it. Immutable.
 */
public record Secret(String value) {
    @Override
    public String toString() {
        return value == null ? "null" : "***";
    }
}
