package io.replikey.server.service;

import io.replikey.server.crypto.AesCipher;
import io.replikey.server.crypto.DigestAlgorithm;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.crypto.Signatures;
import io.replikey.server.domain.KeyRef;
import java.util.UUID;

/**
 * The commands and results of {@link CryptoService}. For encryption, {@code alg} is the key's
 * type; {@code aesMode} applies to AES keys, {@code oaepHash} to RSA keys (OAEP's MGF1 and label
 * hash). For signatures, exactly one of {@code data} and {@code hash}; {@code padding} for RSA
 * keys only (null: PKCS#1 v1.5). Records that carry plaintext do not print it.
 */
public final class CryptoRequests {
    private CryptoRequests() {
    }

    public record Encrypt(KeyRef key, ObjectType alg, AesCipher.Mode aesMode, DigestAlgorithm oaepHash, byte[] plain,
            byte[] iv, byte[] ad, Integer tagLenBits) {
        @Override
        public String toString() {
            return "Encrypt[key=" + key + ", alg=" + alg + "]";
        }
    }

    public record Decrypt(KeyRef key, ObjectType alg, AesCipher.Mode aesMode, DigestAlgorithm oaepHash, byte[] cipher,
            byte[] iv, byte[] ad, byte[] tag) {
    }

    public record Sign(KeyRef key, DigestAlgorithm hashAlg, byte[] data, byte[] hash,
            Signatures.RsaPadding padding) {
    }

    public record Verify(KeyRef key, DigestAlgorithm hashAlg, byte[] data, byte[] hash,
            Signatures.RsaPadding padding, byte[] signature) {
    }

    /** {@code tag} is null for CBC and RSA; {@code iv} null for RSA. */
    public record Encrypted(UUID kid, byte[] cipher, byte[] iv, byte[] tag) {
    }

    /** The caller sends {@code plain} once and zeroes it. */
    public record Decrypted(UUID kid, byte[] plain) {
        @Override
        public String toString() {
            return "Decrypted[kid=" + kid + "]";
        }
    }

    public record Signed(UUID kid, byte[] signature) {
    }

    public record Verified(UUID kid, boolean result) {
    }
}
