package io.replikey.wire;

import java.util.UUID;

/** Response of {@code POST /sys/v1/session/auth}. {@code expires_in} is the idle timeout in seconds. */
public record AuthResponse(String tokenType, long expiresIn, String accessToken, UUID entityId) {
}
