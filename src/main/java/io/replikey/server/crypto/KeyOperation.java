package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;

/**
 * The operations a security object permits, exactly the DSM {@code KeyOperations} schema (the enum
 * constant names are the wire names). Enforcing them is the services' job; this type only names
 * them.
 */
public enum KeyOperation {
    SIGN, VERIFY, ENCRYPT, DECRYPT, WRAPKEY, UNWRAPKEY, DERIVEKEY, TRANSFORM, MACGENERATE, MACVERIFY, EXPORT,
    APPMANAGEABLE, HIGHVOLUME, AGREEKEY, ENCAPSULATE, DECAPSULATE;

    /** The DSM wire name, e.g. {@code "SIGN"}. */
    public String wireName() {
        return name();
    }

    /**
     * Parses a DSM wire name (exact spelling).
     *
     * @throws BadRequestException when {@code name} is not a DSM key operation
     */
    public static KeyOperation parse(String name) {
        return WireNames.parse(KeyOperation.class, name, "key_ops holds an operation DSM does not define");
    }
}
