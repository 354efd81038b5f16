package io.replikey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentReadsTest {
    private final AtomicLong now = new AtomicLong();
    private final RecentReads reads = new RecentReads(now::get);
    private final AtomicInteger queries = new AtomicInteger();

    @Test
    void aResultIsReusedForLessThanFreshness() {
        assertThat(read("k")).isEqualTo(1);
        now.addAndGet(RecentReads.FRESHNESS.toNanos() - 1);
        assertThat(read("k")).isEqualTo(1);
        now.addAndGet(1);
        assertThat(read("k")).isEqualTo(2);
    }

    @Test
    void noneRemembersNothing() {
        assertThat(RecentReads.NONE.get("k", queries::incrementAndGet)).isEqualTo(1);
        assertThat(RecentReads.NONE.get("k", queries::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void aCommitThroughThisStoreEndsTrustInEveryEarlierRead() {
        read("a");
        read("b");
        reads.committed();

        assertThat(read("a")).isEqualTo(3);
        assertThat(read("b")).isEqualTo(4);
        assertThat(read("a")).isEqualTo(3);
    }

    @Test
    void aReadThatOverlapsACommitIsNotTrustedAfterIt() {
        reads.get("k", () -> {
            reads.committed(); // a transaction committed while this read ran: it may have seen the old row
            return queries.incrementAndGet();
        });

        assertThat(read("k")).isEqualTo(2);
    }

    @Test
    void anAbsenceIsReadAgainEveryTime() {
        reads.get("unknown token", () -> {
            queries.incrementAndGet();
            return java.util.Optional.empty();
        });
        reads.get("unknown token", () -> {
            queries.incrementAndGet();
            return java.util.Optional.empty();
        });

        assertThat(queries).hasValue(2);
    }

    @Test
    void keysAreSeparateAndTheCacheStaysBounded() {
        for (int i = 0; i < RecentReads.MAX_ENTRIES + 10; i++) {
            read("key " + i);
        }
        int before = queries.get();
        read("key " + (RecentReads.MAX_ENTRIES + 9));
        assertThat(queries.get()).isEqualTo(before);
        read("key 0");
        assertThat(queries.get()).isEqualTo(before + 1);
    }

    private int read(String key) {
        return reads.get(key, queries::incrementAndGet);
    }
}
