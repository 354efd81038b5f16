package io.replikey.server.identity;

import java.util.Optional;

/**
 * Who a request (or an in-process task) acts as: a user, an app, or the server itself. Decided
 * once per request, before any handler runs; services receive it and ask the access policy what
 * it may do. Implementations are immutable.
 */
public sealed interface Principal permits UserPrincipal, AppPrincipal, ServerPrincipal {
    /** The SHA-256 hex of the session token the request came with; empty without a session. */
    Optional<String> sessionTokenHash();
}
