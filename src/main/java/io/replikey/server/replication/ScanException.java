package io.replikey.server.replication;

/**
 * A scan stopped for a reason of its own (not the source's): the lease was lost, the server is
 * stopping, or the destination cannot hold what the source lists. The message is stored as the
 * scan's {@code error_message}: short, one line, no key material.
 */
final class ScanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScanException(String message) {
        super(message);
    }
}
