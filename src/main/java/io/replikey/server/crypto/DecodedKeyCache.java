package io.replikey.server.crypto;

import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Private keys already unsealed and decoded, so that a request signing with a known key skips the
 * unseal and the decode (for RSA they cost as much as the signature).
 *
 * <p>An entry answers only for its id <em>and</em> the exact sealed bytes it was decoded from, which
 * the caller has just read from the store: a key that was deleted, rotated or re-sealed misses, so
 * the cache never answers with a key the store no longer holds, on this node or any other. Keys are
 * held only as provider key objects, never as encoded bytes. Bounds: at most {@link #MAX_ENTRIES}
 * entries (when full, it is emptied), each dropped {@link #MAX_AGE} after it was decoded; the
 * services drop entries of keys they delete ({@link #forget}) and of accounts that fail over or
 * are deleted ({@link #forgetAll}). Thread-safe.
 */
public final class DecodedKeyCache {
    static final int MAX_ENTRIES = 1_000;
    public static final Duration MAX_AGE = Duration.ofMinutes(10);

    private record Entry(byte[] sealed, PrivateKey key, long decodedAtNanos) {
    }

    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public DecodedKeyCache() {
        this(System::nanoTime);
    }

    /** With {@code nanoTime} as the clock (tests). */
    DecodedKeyCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The key of {@code id} decoded from {@code sealed}: the cached one when it was decoded from
     * these very bytes within {@link #MAX_AGE}, otherwise {@code decode}'s, which is then kept.
     */
    public PrivateKey get(UUID id, byte[] sealed, Supplier<PrivateKey> decode) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(id);
        if (entry != null && MessageDigest.isEqual(entry.sealed(), sealed)
                && now - entry.decodedAtNanos() < MAX_AGE.toNanos()) {
            return entry.key();
        }
        PrivateKey key = decode.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(id, new Entry(sealed.clone(), key, now));
        return key;
    }

    /** Drops the key of {@code id}; call when it is deleted. */
    public void forget(UUID id) {
        entries.remove(id);
    }

    /** Drops every key; call when a whole account's keys go. */
    public void forgetAll() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
