package io.replikey.server.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Seals key material at rest (design.md §6): the one way replikey encrypts anything under the
 * master key. Each value is bound to a typed {@link SealingContext} and carries the version of the
 * master key that sealed it; {@link #open} picks that version from the keyring, so keys can be
 * rotated while old values still open.
 *
 * <p>Formats (the first byte):
 * <ul>
 *   <li>{@code 0x02 || version (4 bytes, big-endian) || body} — written by {@link #seal}. The body
 *       is the {@link SealingKey}'s output (for {@link MasterKey}: nonce(12) || ciphertext ||
 *       tag(16)); the associated data is the 5 header bytes followed by {@link SealingContext#encoded()}.
 *   <li>{@code 0x01 || nonce(12) || ciphertext || tag(16)} — written by the first release, which
 *       had one master key (version 1) and string associated data. Opened, never written, and
 *       only for the purposes that release sealed (credential keys and the server TLS key).
 * </ul>
 *
 * <p>Immutable and thread-safe when its keys are.
 */
public final class KeySealer {
    private static final byte LEGACY_FORMAT = 1;
    private static final byte FORMAT = 2;
    private static final int HEADER_BYTES = 5;
    /** The only master key version the first release used. */
    private static final int LEGACY_VERSION = 1;

    private final SealingKey current;
    private final Map<Integer, SealingKey> keyring;

    private KeySealer(SealingKey current, Map<Integer, SealingKey> keyring) {
        this.current = current;
        this.keyring = keyring;
    }

    /**
     * A sealer that seals with {@code current} and opens values of its version or of any of
     * {@code older} (keys being rotated out).
     *
     * @throws IllegalArgumentException when two keys share a version or a version is not positive
     */
    public static KeySealer of(SealingKey current, SealingKey... older) {
        Map<Integer, SealingKey> ring = new TreeMap<>();
        for (SealingKey key : concat(current, older)) {
            if (key.version() < 1) {
                throw new IllegalArgumentException("master key version must be positive, got " + key.version());
            }
            if (ring.putIfAbsent(key.version(), key) != null) {
                throw new IllegalArgumentException("two master keys have version " + key.version());
            }
        }
        return new KeySealer(current, Collections.unmodifiableMap(ring));
    }

    /** The version new values are sealed under; stored beside each sealed record for rotation. */
    public int currentVersion() {
        return current.version();
    }

    /** Encrypts {@code plaintext} under the current master key, bound to {@code context}. */
    public byte[] seal(byte[] plaintext, SealingContext context) {
        byte[] header = header(current.version());
        byte[] body = current.seal(plaintext, associatedData(header, context));
        return ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
    }

    /**
     * Decrypts a value made by {@link #seal} (or by the first release) with the same context.
     * The caller owns the returned array and should zero it after use.
     *
     * @throws IllegalStateException when the value is malformed, altered, sealed for another
     *         context, or sealed under a master key version this keyring does not hold
     */
    public byte[] open(byte[] sealed, SealingContext context) {
        if (sealed.length > HEADER_BYTES && sealed[0] == FORMAT) {
            byte[] header = Arrays.copyOf(sealed, HEADER_BYTES);
            SealingKey key = key(ByteBuffer.wrap(sealed, 1, 4).getInt());
            return key.open(Arrays.copyOfRange(sealed, HEADER_BYTES, sealed.length), associatedData(header, context));
        }
        if (sealed.length > 1 && sealed[0] == LEGACY_FORMAT) {
            byte[] legacyAad = context.legacyEncoded();
            if (legacyAad == null) {
                throw new IllegalStateException("sealed value has the first release's format, which never held a "
                        + context.purpose());
            }
            return key(LEGACY_VERSION).open(Arrays.copyOfRange(sealed, 1, sealed.length), legacyAad);
        }
        throw new IllegalStateException("sealed value has an unknown format");
    }

    /** The master key version a sealed value needs, e.g. to find values still sealed under an old key. */
    public static int versionOf(byte[] sealed) {
        if (sealed.length > HEADER_BYTES && sealed[0] == FORMAT) {
            return ByteBuffer.wrap(sealed, 1, 4).getInt();
        }
        if (sealed.length > 1 && sealed[0] == LEGACY_FORMAT) {
            return LEGACY_VERSION;
        }
        throw new IllegalStateException("sealed value has an unknown format");
    }

    private SealingKey key(int version) {
        SealingKey key = keyring.get(version);
        if (key == null) {
            throw new IllegalStateException("sealed value needs master key version " + version
                    + ", which is not configured (configured: " + versions() + ")");
        }
        return key;
    }

    private String versions() {
        return keyring.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static byte[] header(int version) {
        return ByteBuffer.allocate(HEADER_BYTES).put(FORMAT).putInt(version).array();
    }

    private static byte[] associatedData(byte[] header, SealingContext context) {
        byte[] encoded = context.encoded();
        return ByteBuffer.allocate(header.length + encoded.length).put(header).put(encoded).array();
    }

    private static List<SealingKey> concat(SealingKey first, SealingKey... rest) {
        SealingKey[] all = new SealingKey[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return List.of(all);
    }

    @Override
    public String toString() {
        return "KeySealer[current=" + current.version() + ", versions=" + versions() + "]";
    }
}
