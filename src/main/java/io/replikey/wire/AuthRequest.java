package io.replikey.wire;

/** Optional body of {@code POST /sys/v1/session/auth}; replikey issues Bearer tokens only. */
public record AuthRequest(String tokenType) {
}
