package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.service.Caller;
import io.replikey.server.service.SessionService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads credentials from the Authorization header. Stateless apart from the session service. */
final class Authentication {
    private final SessionService sessions;

    Authentication(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The session behind {@code Authorization: Bearer <token>}, or 401. */
    Caller caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7) {
            throw new NotAuthenticatedException("a Bearer token is required");
        }
        return sessions.resolve(header.substring(7).trim());
    }

    /** User name and password from {@code Authorization: Basic base64(name:password)}, or 401. */
    static String[] basic(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new NotAuthenticatedException("Basic authentication is required");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NotAuthenticatedException("malformed Basic authorization header");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new NotAuthenticatedException("malformed Basic authorization header");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
