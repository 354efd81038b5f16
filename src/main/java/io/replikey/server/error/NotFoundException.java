package io.replikey.server.error;

/** The resource does not exist or belongs to an account the caller cannot see. Reported as HTTP 404. */
public final class NotFoundException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(404, message);
    }
}
