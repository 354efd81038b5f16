package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DecodedKeyCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final DecodedKeyCache cache = new DecodedKeyCache(now::get);
    private final AtomicInteger decodes = new AtomicInteger();
    private final UUID id = UUID.randomUUID();

    @Test
    void theSameSealedBytesAreDecodedOnce() {
        PrivateKey first = cache.get(id, new byte[] {1, 2, 3}, decoder());
        PrivateKey second = cache.get(id, new byte[] {1, 2, 3}, decoder());

        assertThat(second).isSameAs(first);
        assertThat(decodes).hasValue(1);
    }

    @Test
    void otherSealedBytesUnderTheSameIdAreDecodedAfresh() {
        PrivateKey old = cache.get(id, new byte[] {1, 2, 3}, decoder());
        PrivateKey rotated = cache.get(id, new byte[] {1, 2, 4}, decoder());

        assertThat(rotated).isNotSameAs(old);
        assertThat(cache.get(id, new byte[] {1, 2, 4}, decoder())).isSameAs(rotated);
        assertThat(decodes).hasValue(2);
    }

    @Test
    void anEntryIsDecodedAgainOnceItIsMaxAgeOld() {
        cache.get(id, new byte[] {7}, decoder());
        now.addAndGet(DecodedKeyCache.MAX_AGE.toNanos() - 1);
        cache.get(id, new byte[] {7}, decoder());
        assertThat(decodes).hasValue(1);

        now.addAndGet(1);
        cache.get(id, new byte[] {7}, decoder());
        assertThat(decodes).hasValue(2);
    }

    @Test
    void forgottenKeysAreDecodedAgain() {
        UUID other = UUID.randomUUID();
        cache.get(id, new byte[] {7}, decoder());
        cache.get(other, new byte[] {8}, decoder());
        cache.forget(id);
        cache.get(id, new byte[] {7}, decoder());
        assertThat(decodes).hasValue(3);

        cache.forgetAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (int i = 0; i < 3 * DecodedKeyCache.MAX_ENTRIES; i++) {
            cache.get(UUID.randomUUID(), new byte[] {(byte) i}, decoder());
            assertThat(cache.size()).isLessThanOrEqualTo(DecodedKeyCache.MAX_ENTRIES);
        }
    }

    @Test
    void theCacheKeepsItsOwnCopyOfTheSealedBytes() {
        byte[] sealed = {1, 2, 3};
        cache.get(id, sealed, decoder());
        sealed[0] = 9; // a caller reusing its buffer cannot make another key's bytes match

        cache.get(id, new byte[] {9, 2, 3}, decoder());
        assertThat(decodes).hasValue(2);
    }

    private Supplier<PrivateKey> decoder() {
        return () -> {
            decodes.incrementAndGet();
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                return generator.generateKeyPair().getPrivate();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
