package io.replikey.server.error;

/** The request conflicts with the current state of the resource. Reported as HTTP 409. */
public final class ConflictException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(409, message);
    }
}
