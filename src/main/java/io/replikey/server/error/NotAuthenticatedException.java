package io.replikey.server.error;

/** The caller presented no valid credentials or session. Reported as HTTP 401. */
public final class NotAuthenticatedException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(String message) {
        super(401, message);
    }
}
