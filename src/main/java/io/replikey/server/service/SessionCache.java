package io.replikey.server.service;

import io.replikey.server.store.SessionRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Sessions this node read from the database within the last {@link #FRESHNESS}, by token hash, so
 * that a burst of requests on one session costs one database read per second instead of one per
 * request.
 *
 * <p>Bound: a session ended elsewhere (terminated on another node, purged as idle, its app
 * disabled, reset or removed through another node) is still accepted here for at most
 * {@link #FRESHNESS} after this node last read it. Changes made through this node take effect at
 * once: the services that make them call {@link #forget} or {@link #forgetAll} after their
 * transaction commits, and a read that raced with such a change is not remembered (a generation
 * count guards every insertion). Permissions are not cached: each request still checks them in
 * the database.
 *
 * <p>Holds token hashes only (as the database does), never tokens. At most {@link #MAX_ENTRIES}
 * entries; when full it is emptied, which costs one read per active session. Thread-safe.
 */
public final class SessionCache {
    /** How long a session read from the database is trusted without reading it again. */
    public static final Duration FRESHNESS = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(SessionRecord session, long readAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final LongSupplier nanoTime;

    public SessionCache() {
        this(System::nanoTime);
    }

    /** With {@code nanoTime} as the clock (tests). */
    SessionCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A read about to start: remember its result with {@link #remember} only if nothing was forgotten meanwhile. */
    public record Read(long generation, long startedAtNanos) {
    }

    public Read beginRead() {
        return new Read(generation.get(), nanoTime.getAsLong());
    }

    /** The session when this node read it within {@link #FRESHNESS}; its age counts from the read's start. */
    public Optional<SessionRecord> fresh(String tokenHash) {
        Entry entry = entries.get(tokenHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.readAtNanos() >= FRESHNESS.toNanos()) {
            entries.remove(tokenHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.session());
    }

    /** Keeps what {@code read} found, unless a session was forgotten since it began. */
    public void remember(Read read, SessionRecord session) {
        if (generation.get() != read.generation()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry entry = new Entry(session, read.startedAtNanos());
        entries.put(session.tokenHash(), entry);
        // A forget that ran between the check above and the put has bumped the generation first.
        if (generation.get() != read.generation()) {
            entries.remove(session.tokenHash(), entry);
        }
    }

    /** Drops one session; call after the transaction that ended or changed it committed. */
    public void forget(String tokenHash) {
        generation.incrementAndGet();
        entries.remove(tokenHash);
    }

    /** Drops every session; call after a change that ends or changes sessions in bulk (an app's). */
    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }
}
