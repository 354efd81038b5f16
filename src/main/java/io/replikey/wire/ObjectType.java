package io.replikey.wire;

/**
 * DSM {@code ObjectType}: the kind of a security object ({@code obj_type}).
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum ObjectType {
    AES, ARIA, DES, DES3, SEED, RSA, DSA, EC, KCDSA, ECKCDSA, BIP32, SLIP10, BLS, OPAQUE, HMAC, LEDABETA,
    ROUND5BETA, SECRET, LMS, XMSS, MLDSA, MLDSABETA, MLKEM, MLKEMBETA, CERTIFICATE, PBE
}
