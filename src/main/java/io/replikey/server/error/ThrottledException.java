package io.replikey.server.error;

/**
 * Too many attempts; the caller must wait before retrying. Reported as HTTP 429 with a
 * {@code Retry-After} header of {@link #retryAfterSeconds()}.
 */
public final class ThrottledException extends ReplikeyException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    /** @param retryAfterSeconds how long until a retry may succeed; raised to 1 (a 0 would invite a busy loop) */
    public ThrottledException(String message, long retryAfterSeconds) {
        super(429, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
