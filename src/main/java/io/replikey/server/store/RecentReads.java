package io.replikey.server.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Results of the lookups every authenticated request makes (a session by its token hash, an app by
 * its id, a user's membership of an account) and of the replication credential {@code self_sign}
 * reads, reused by {@link Store#read} for at most {@link #FRESHNESS}. Why: under load every request
 * on one session read the same rows; those reads were the largest store cost of {@code self_sign}.
 *
 * <p>Bounds: a result is trusted only while no transaction has committed through this store since
 * its read began ({@link #committed}), so a change made through this node is seen at once; a
 * change made through another node sharing the database is seen within {@link #FRESHNESS}.
 * Transactions never use it: a rule that changes data reads the rows it decides on, locked. Only
 * what was found is remembered (an unknown token is read again each time, so guessing cannot fill
 * the cache with absences). At most {@link #MAX_ENTRIES} results; when full, it is emptied.
 * Thread-safe.
 */
final class RecentReads {
    static final Duration FRESHNESS = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Object value, long commits, long readAtNanos) {
    }

    /** For transactions (and reads nested in them), which always read the database: remembers nothing. */
    static final RecentReads NONE = new RecentReads(null);

    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong commits = new AtomicLong();
    private final LongSupplier nanoTime;

    RecentReads() {
        this(System::nanoTime);
    }

    /** With {@code nanoTime} as the clock; null for {@link #NONE}. */
    RecentReads(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The result for {@code key}: the remembered one while still trusted, else {@code read}'s, remembered. */
    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> read) {
        if (nanoTime == null) {
            return read.get();
        }
        long commitsBefore = commits.get();
        long start = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null && entry.commits() == commitsBefore && start - entry.readAtNanos() < FRESHNESS.toNanos()) {
            return (T) entry.value();
        }
        T value = read.get();
        if (value instanceof Optional<?> optional && optional.isEmpty()) {
            return value;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(value, commitsBefore, start));
        return value;
    }

    /** A transaction ended (committed or not): nothing read before it is trusted any more. */
    void committed() {
        commits.incrementAndGet();
    }
}
