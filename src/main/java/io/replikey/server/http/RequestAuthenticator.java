package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.SessionService;

/**
 * Authenticates a request once, before its handler, and checks that the route admits the
 * principal. Today the only way in is a session's Bearer token (a user's or an app's). Apps will
 * also authenticate single requests directly: {@code Basic base64(app_id:secret)} or their TLS
 * client certificate ({@link ClientCertificates#der}); that plugs in at {@link #withoutSession}.
 * Stateless apart from the session service; thread-safe.
 */
final class RequestAuthenticator {
    private static final String BEARER = "Bearer ";
    private final SessionService sessions;

    RequestAuthenticator(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The request's principal, 401 when it has none, 403 when the route does not admit its kind. */
    Principal authenticate(Context ctx, Accepts accepts) {
        String header = ctx.header("Authorization");
        Principal principal = isBearer(header) ? sessions.resolve(header.substring(BEARER.length()).trim())
                : withoutSession(ctx);
        if (!accepts.admits(principal)) {
            throw new ForbiddenException(principal instanceof AppPrincipal ? "apps cannot call this endpoint"
                    : "users cannot call this endpoint");
        }
        return principal;
    }

    private static boolean isBearer(String header) {
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && header.length() > BEARER.length();
    }

    /** A request without a session: apps' API keys and client certificates will be accepted here. */
    private static Principal withoutSession(Context ctx) {
        throw new NotAuthenticatedException("a Bearer token is required");
    }
}
