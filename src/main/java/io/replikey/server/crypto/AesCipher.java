package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES encryption as DSM's {@code /crypto/v1/encrypt} and {@code /decrypt} do it for AES keys.
 *
 * <ul>
 *   <li>{@link Mode#GCM}: the IV is 96 random bits unless given (a given IV may be 1 to 128 bytes);
 *       {@code tag_len} is 96, 104, 112, 120 or 128 bits (default 128) — the lengths both JCA
 *       providers implement, NIST SP 800-38D's general-purpose set; 32 and 64 are refused.
 *       As in DSM, the tag is returned apart from the ciphertext and given apart to decrypt.
 *   <li>{@link Mode#CBC}: PKCS#7 padding; the IV is 128 random bits unless given (then exactly 16
 *       bytes). {@code ad} and {@code tag} are refused: CBC authenticates nothing.
 * </ul>
 * Every failure to decrypt (wrong key, tag, IV, padding, associated data) is the same
 * {@link BadRequestException} with the same text, so the answer is no padding oracle.
 *
 * <p>Stateless and thread-safe.
 */
public final class AesCipher {
    /** The AES modes replikey supports, with DSM's {@code CipherMode} names. */
    public enum Mode {
        GCM, CBC;

        /**
         * Parses a DSM {@code CipherMode} name.
         *
         * @throws BadRequestException for other modes (DSM's ECB, CTR, KW… are not supported)
         */
        public static Mode parse(String name) {
            return WireNames.parse(Mode.class, name, "mode for AES keys must be GCM or CBC");
        }
    }

    /** An encryption's result; {@code tag} is null for CBC. */
    public record Encrypted(byte[] cipher, byte[] iv, byte[] tag) {
    }

    static final int DEFAULT_TAG_BITS = 128;
    private static final Set<Integer> TAG_BITS = Set.of(96, 104, 112, 120, 128);
    private static final int GCM_IV_BYTES = 12;
    private static final int MAX_GCM_IV_BYTES = 128;
    private static final int BLOCK_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesCipher() {
    }

    /**
     * Encrypts {@code plain}.
     *
     * @param iv         null for a random IV
     * @param ad         GCM associated data, may be null
     * @param tagLenBits GCM tag length, null for 128; ignored for CBC
     */
    public static Encrypted encrypt(byte[] key, Mode mode, byte[] plain, byte[] iv, byte[] ad, Integer tagLenBits) {
        byte[] usedIv = iv != null ? iv.clone() : randomIv(mode);
        if (mode == Mode.GCM) {
            int tagBits = tagLenBits == null ? DEFAULT_TAG_BITS : tagLenBits;
            if (!TAG_BITS.contains(tagBits)) {
                throw new BadRequestException("tag_len must be 96, 104, 112, 120 or 128");
            }
            requireGcmIv(usedIv);
            byte[] out = run(Cipher.ENCRYPT_MODE, key, mode, new GCMParameterSpec(tagBits, usedIv), plain, ad);
            int tagBytes = tagBits / 8;
            return new Encrypted(Arrays.copyOf(out, out.length - tagBytes),
                    usedIv, Arrays.copyOfRange(out, out.length - tagBytes, out.length));
        }
        requireCbcArguments(usedIv, ad, null);
        return new Encrypted(run(Cipher.ENCRYPT_MODE, key, mode, new IvParameterSpec(usedIv), plain, null), usedIv, null);
    }

    /**
     * Decrypts {@code cipher}; the caller owns (and zeroes) the plaintext returned.
     *
     * @param tag GCM tag (12 to 16 bytes), required for GCM
     * @throws BadRequestException when the input is malformed or does not decrypt
     */
    public static byte[] decrypt(byte[] key, Mode mode, byte[] cipher, byte[] iv, byte[] ad, byte[] tag) {
        if (iv == null) {
            throw new BadRequestException("iv is required to decrypt");
        }
        if (mode == Mode.GCM) {
            if (tag == null || !TAG_BITS.contains(tag.length * 8)) {
                throw new BadRequestException("tag of 12 to 16 bytes is required to decrypt GCM");
            }
            requireGcmIv(iv);
            byte[] joined = Arrays.copyOf(cipher, cipher.length + tag.length);
            System.arraycopy(tag, 0, joined, cipher.length, tag.length);
            return run(Cipher.DECRYPT_MODE, key, mode, new GCMParameterSpec(tag.length * 8, iv), joined, ad);
        }
        requireCbcArguments(iv, ad, tag);
        if (cipher.length == 0 || cipher.length % BLOCK_BYTES != 0) {
            throw new BadRequestException("cipher length must be a positive multiple of 16 bytes for CBC");
        }
        return run(Cipher.DECRYPT_MODE, key, mode, new IvParameterSpec(iv), cipher, null);
    }

    private static byte[] run(int direction, byte[] key, Mode mode, AlgorithmParameterSpec parameters, byte[] input,
            byte[] ad) {
        try {
            Cipher cipher = Cipher.getInstance(mode == Mode.GCM ? "AES/GCM/NoPadding" : "AES/CBC/PKCS5Padding");
            cipher.init(direction, new SecretKeySpec(key, "AES"), parameters);
            if (ad != null) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(input);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            // AEADBadTagException is a BadPaddingException: one answer for tag and padding failures
            throw new BadRequestException("decryption failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/" + mode + " unavailable", e);
        }
    }

    private static void requireGcmIv(byte[] iv) {
        if (iv.length == 0 || iv.length > MAX_GCM_IV_BYTES) {
            throw new BadRequestException("iv for GCM must be 1 to 128 bytes (12 recommended)");
        }
    }

    private static void requireCbcArguments(byte[] iv, byte[] ad, byte[] tag) {
        if (iv.length != BLOCK_BYTES) {
            throw new BadRequestException("iv for CBC must be 16 bytes");
        }
        if (ad != null || tag != null) {
            throw new BadRequestException("ad and tag apply only to GCM");
        }
    }

    private static byte[] randomIv(Mode mode) {
        byte[] iv = new byte[mode == Mode.GCM ? GCM_IV_BYTES : BLOCK_BYTES];
        RANDOM.nextBytes(iv);
        return iv;
    }
}
