package io.replikey.server.error;

/** Too many attempts; the caller must wait before retrying. Reported as HTTP 429. */
public final class ThrottledException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public ThrottledException(String message) {
        super(429, message);
    }
}
