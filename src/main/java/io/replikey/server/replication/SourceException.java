package io.replikey.server.replication;

/**
 * A failed exchange with a replication source, typed by what went wrong so that the engine can
 * store {@link #getMessage()} as a scan's {@code error_message} and the credential test can say
 * why a credential does not work. Messages are short, single-line and never hold key material,
 * tokens or response bodies beyond a truncated, sanitised DSM error text.
 */
public final class SourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the exchange failed. */
    public enum Kind {
        /** The source's certificate is not trusted, or was issued for another host name. */
        TLS_TRUST,
        /** The source refused the credential: unknown app, or a certificate it does not match. */
        CLIENT_CERTIFICATE_REFUSED,
        /** The TLS handshake failed for another reason (no common protocol or cipher suite). */
        TLS_HANDSHAKE,
        /** The source could not be reached, or did not answer in time. */
        NETWORK,
        /** The source answered with an error status. */
        HTTP,
        /** The source answered with a body that is not what the DSM API defines. */
        MALFORMED_RESPONSE
    }

    private final Kind kind;
    private final int status;

    SourceException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    SourceException(Kind kind, String message) {
        this(kind, 0, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the source answered, or 0 when there was no HTTP answer. */
    public int status() {
        return status;
    }

    /** True for failures a later attempt may not repeat: network trouble, 5xx, 429. */
    public boolean transientFailure() {
        return kind == Kind.NETWORK || status == 429 || status >= 500;
    }
}
