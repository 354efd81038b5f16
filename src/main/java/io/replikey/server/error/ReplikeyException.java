package io.replikey.server.error;

/**
 * Root of every error replikey reports to a client. Each subclass carries the HTTP status it
 * maps to; the message is a short, human-readable text that is safe to show to the caller
 * (it never contains secrets, key material or internal details).
 *
 * <p>Immutable and thread-safe.
 */
public abstract class ReplikeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    protected ReplikeyException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status code this error is reported with. */
    public int status() {
        return status;
    }
}
