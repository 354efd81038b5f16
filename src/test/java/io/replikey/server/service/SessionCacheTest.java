package io.replikey.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.server.store.SessionKind;
import io.replikey.server.store.SessionRecord;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SessionCache cache = new SessionCache(now::get);

    @Test
    void aSessionIsTrustedForLessThanFreshnessCountedFromTheStartOfItsRead() {
        SessionCache.Read read = cache.beginRead();
        now.addAndGet(300_000_000L); // the database read took 300 ms
        SessionRecord session = session("a");
        cache.remember(read, session);

        now.addAndGet(SessionCache.FRESHNESS.toNanos() - 300_000_001L);
        assertThat(cache.fresh("a")).contains(session);
        now.addAndGet(1);
        assertThat(cache.fresh("a")).isEmpty();
    }

    @Test
    void aReadThatRacedWithAForgetIsNotRemembered() {
        cache.remember(cache.beginRead(), session("other"));
        SessionCache.Read read = cache.beginRead();
        cache.forget("a"); // a terminate committed while the read ran: the read may have seen the old row
        cache.remember(read, session("a"));

        assertThat(cache.fresh("a")).isEmpty();
        assertThat(cache.fresh("other")).isPresent();
    }

    @Test
    void forgetAllDropsEverySessionAndEveryReadInFlight() {
        cache.remember(cache.beginRead(), session("a"));
        SessionCache.Read inFlight = cache.beginRead();
        cache.forgetAll();
        cache.remember(inFlight, session("b"));

        assertThat(cache.fresh("a")).isEmpty();
        assertThat(cache.fresh("b")).isEmpty();
        cache.remember(cache.beginRead(), session("b"));
        assertThat(cache.fresh("b")).isPresent();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        for (int i = 0; i <= SessionCache.MAX_ENTRIES; i++) {
            cache.remember(cache.beginRead(), session("s" + i));
        }
        long held = java.util.stream.IntStream.rangeClosed(0, SessionCache.MAX_ENTRIES)
                .filter(i -> cache.fresh("s" + i).isPresent()).count();
        assertThat(held).isBetween(1L, (long) SessionCache.MAX_ENTRIES);
        assertThat(cache.fresh("s" + SessionCache.MAX_ENTRIES)).isPresent();
    }

    private static SessionRecord session(String tokenHash) {
        return new SessionRecord(tokenHash, SessionKind.USER, UUID.randomUUID(), null, 0, 0);
    }
}
