package io.replikey.wire;

/**
 * DSM {@code Algorithm}: the {@code alg} of a cryptographic request.
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum Algorithm {
    AES, ARIA, DES, DES3, SEED, RSA, DSA, KCDSA, EC, ECKCDSA, BIP32, SLIP10, BLS, LMS, XMSS, MLDSA,
    MLDSABETA, MLKEM, MLKEMBETA, HMAC, LEDABETA, ROUND5BETA, PBE
}
