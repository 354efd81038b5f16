package io.replikey.wire;

import java.util.UUID;

/** DSM {@code SignResponse}: the signature (DER for ECDSA, as DSM returns it). */
public record SignResponse(UUID kid, byte[] signature) {
}
