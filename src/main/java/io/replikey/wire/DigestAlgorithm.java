package io.replikey.wire;

/**
 * DSM {@code DigestAlgorithm}: a hash ({@code hash_alg}, MGF1 {@code hash}).
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum DigestAlgorithm {
    BLAKE2B256, BLAKE2B384, BLAKE2B512, BLAKE2S256, RIPEMD160, SSL3, SHA1, SHA224, SHA256, SHA384, SHA512,
    STREEBOG256, STREEBOG512, SHA3_224, SHA3_256, SHA3_384, SHA3_512
}
