package io.replikey.server.identity;

import java.util.Optional;

/**
 * The server itself, acting in-process (the replication engine). Never the result of
 * authenticating a request: no header, certificate or session yields it.
 */
public record ServerPrincipal(String component) implements Principal {
    /** The replication engine, which scans sources and writes replicated objects. */
    public static final ServerPrincipal REPLICATION_ENGINE = new ServerPrincipal("replication engine");

    @Override
    public Optional<String> sessionTokenHash() {
        return Optional.empty();
    }
}
