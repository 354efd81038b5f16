package io.replikey.server.error;

/** The request is malformed or violates a validation rule. Reported as HTTP 400. */
public final class BadRequestException extends ReplikeyException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(400, message);
    }
}
