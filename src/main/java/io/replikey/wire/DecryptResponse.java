package io.replikey.wire;

import java.util.UUID;

/** DSM {@code DecryptResponse}: the plaintext. {@link #toString()} does not print it. */
public record DecryptResponse(UUID kid, byte[] plain) {

    @Override
    public String toString() {
        return "DecryptResponse[kid=" + kid + "]";
    }
}
