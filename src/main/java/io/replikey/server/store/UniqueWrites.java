package io.replikey.server.store;

import java.sql.SQLException;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A write that a UNIQUE constraint may refuse (a rename onto a taken name), run so that the
 * refusal is an answer rather than a failed transaction: inside a savepoint, rolled back to when
 * the database reports the violation. The constraint, not a prior read, decides, so the answer
 * holds under concurrency and across server nodes. Must run inside a transaction.
 */
final class UniqueWrites {
    private static final String SAVEPOINT = "unique_write";

    private UniqueWrites() {
    }

    /** Runs {@code write}; returns its row count, or -1 when a UNIQUE constraint refused it. */
    static int unlessTaken(Handle handle, Dialect dialect, IntSupplier write) {
        handle.savepoint(SAVEPOINT);
        try {
            int rows = write.getAsInt();
            handle.releaseSavepoint(SAVEPOINT);
            return rows;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && dialect.isUniqueViolation(sql)) {
                // Jdbi forgets a savepoint once rolled back to; it ends with the transaction.
                handle.rollbackToSavepoint(SAVEPOINT);
                return -1;
            }
            throw e;
        }
    }
}
