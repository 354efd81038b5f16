package io.replikey.server.crypto;

/**
 * One version of the master key: authenticated encryption with associated data. The AES-256-GCM
 * key held in memory ({@link MasterKey}) implements it today; a key inside a PKCS#11 token can
 * implement it later without changing {@link KeySealer} or its callers.
 *
 * <p>Implementations must be thread-safe, use a fresh nonce per {@link #seal}, and put everything
 * {@link #open} needs besides the key (nonce, tag) into the returned bytes.
 */
public interface SealingKey {
    /** The version recorded in every value this key seals; positive and unique within a keyring. */
    int version();

    /** Encrypts {@code plaintext} and authenticates it together with {@code associatedData}. */
    byte[] seal(byte[] plaintext, byte[] associatedData);

    /**
     * Reverses {@link #seal}.
     *
     * @throws IllegalStateException when the bytes were altered, or sealed under another key or
     *         other associated data
     */
    byte[] open(byte[] sealed, byte[] associatedData);
}
