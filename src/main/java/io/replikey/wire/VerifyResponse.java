package io.replikey.wire;

import java.util.UUID;

/** DSM {@code VerifyResponse}: whether the signature verified. */
public record VerifyResponse(UUID kid, boolean result) {
}
