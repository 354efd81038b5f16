package io.replikey.wire;

/** Response of {@code GET /sys/v1/version}. */
public record VersionResponse(String version, String apiVersion, String serverMode) {
}
