package io.replikey.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit master key held in memory, one {@link SealingKey} version: AES-256-GCM with a fresh
 * 96-bit random nonce per {@link #seal} and the caller's associated data authenticated
 * (design.md §6). Callers seal through {@link KeySealer}, which adds the format header, the key
 * version and the typed context.
 *
 * <p>Output of {@link #seal}: {@code nonce(12) || ciphertext || tag(16)}.
 *
 * <p>Thread-safe: a new {@link Cipher} is made per call.
 */
public final class MasterKey implements SealingKey {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecretKeySpec key;
    private final int version;
    private final SecureRandom random = new SecureRandom();

    private MasterKey(byte[] keyBytes, int version) {
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("master key must be 32 bytes, got " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.version = version;
        Arrays.fill(keyBytes, (byte) 0);
    }

    /** A master key from raw bytes (the array is wiped). */
    public static MasterKey of(byte[] keyBytes, int version) {
        return new MasterKey(keyBytes, version);
    }

    /** A master key from its base64 text form, as an operator supplies it. */
    public static MasterKey fromBase64(String text, int version) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key is not valid base64");
        }
        return new MasterKey(bytes, version);
    }

    /**
     * Loads the key file, creating it with a fresh random key and owner-only permissions when it
     * does not exist. Refuses a file that group or others can read.
     */
    public static MasterKey loadOrCreate(Path file) {
        try {
            if (Files.notExists(file)) {
                createKeyFile(file);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalArgumentException("master key file " + file + " is accessible to others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read master key file " + file, e);
        }
    }

    /**
     * Writes the new key to an owner-only temporary file, then hard-links it into place: the key
     * file appears complete or not at all, and if another process created it first, that key wins.
     */
    private static void createKeyFile(Path file) throws IOException {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".master-key", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException raced) {
            // another process created the key first; use theirs
        } finally {
            Arrays.fill(fresh, (byte) 0);
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("sealed value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed value does not open under master key version " + version, e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[version=" + version + ", key=***]";
    }
}
