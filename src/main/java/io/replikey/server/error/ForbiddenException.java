package io.replikey.server.error;

/** The caller is authenticated but lacks the permission. Reported as HTTP 403. */
public final class ForbiddenException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(403, message);
    }
}
