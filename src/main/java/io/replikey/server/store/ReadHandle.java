package io.replikey.server.store;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The database handle of one outermost {@link Store#read}, opened on first use. Why: when every
 * lookup of a read answers from {@link RecentReads} (the common case for {@code self_sign} under
 * load), no pooled connection is taken at all, which was a measurable share of each request's CPU.
 * Once opened it is what {@link Jdbi#withHandle} would have opened: in scope for reads nested in
 * this one, its statements closed with it. Not thread-safe: it belongs to the thread running the
 * read, and is used only until {@link #close}.
 */
final class ReadHandle implements Supplier<Handle>, AutoCloseable {
    private final Jdbi jdbi;
    private Handle handle;
    private boolean closed;

    ReadHandle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Handle get() {
        if (closed) {
            throw new IllegalStateException("the read has ended");
        }
        if (handle == null) {
            handle = jdbi.open();
            SqlStatements statements = handle.getConfig(SqlStatements.class);
            statements.setAttachAllStatementsForCleanup(statements.isAttachCallbackStatementsForCleanup());
            jdbi.getHandleScope().set(handle);
        }
        return handle;
    }

    @Override
    public void close() {
        closed = true;
        if (handle != null) {
            jdbi.getHandleScope().clear();
            handle.close();
        }
    }
}
