package io.replikey.server.store;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The database handle of one {@link Store#read}, opened on first use. Why: when every lookup of a
 * read answers from {@link RecentReads} (the common case for {@code self_sign} under load), no
 * pooled connection is taken at all, which was a measurable share of each request's CPU.
 * Not thread-safe: it belongs to the thread running the read.
 */
final class ReadHandle implements Supplier<Handle>, AutoCloseable {
    private final Jdbi jdbi;
    private Handle handle;

    ReadHandle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Handle get() {
        if (handle == null) {
            handle = jdbi.open();
        }
        return handle;
    }

    boolean opened() {
        return handle != null;
    }

    @Override
    public void close() {
        if (handle != null) {
            handle.close();
        }
    }
}
