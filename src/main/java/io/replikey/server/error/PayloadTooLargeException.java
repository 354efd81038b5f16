package io.replikey.server.error;

/** The request body exceeds the size limit. Reported as HTTP 413. */
public final class PayloadTooLargeException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(413, message);
    }
}
