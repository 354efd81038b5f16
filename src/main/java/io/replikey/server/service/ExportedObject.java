package io.replikey.server.service;

import io.replikey.server.domain.SecurityObject;

/**
 * An exported security object with its material. The caller sends {@code value} once and zeroes
 * it; {@link #toString()} does not print it.
 */
public record ExportedObject(SecurityObject object, byte[] value) {
    @Override
    public String toString() {
        return "ExportedObject[kid=" + object.kid() + "]";
    }
}
