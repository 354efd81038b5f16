package io.replikey.client;

/** A DSM call answered with a non-2xx status; the message is the server's text/plain body. */
public final class DsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public DsmException(int status, String message) {
        super(status + ": " + message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
