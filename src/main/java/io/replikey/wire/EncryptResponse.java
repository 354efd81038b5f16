package io.replikey.wire;

import java.util.UUID;

/** DSM {@code EncryptResponse}: the ciphertext, with the IV and (GCM) the tag when the mode has them. */
public record EncryptResponse(UUID kid, byte[] cipher, byte[] iv, byte[] tag) {
}
