package io.replikey.wire;

/**
 * DSM {@code KeyOperations}: an operation a security object allows ({@code key_ops}).
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum KeyOperation {
    SIGN, VERIFY, ENCRYPT, DECRYPT, WRAPKEY, UNWRAPKEY, DERIVEKEY, TRANSFORM, MACGENERATE, MACVERIFY, EXPORT,
    APPMANAGEABLE, HIGHVOLUME, AGREEKEY, ENCAPSULATE, DECAPSULATE
}
