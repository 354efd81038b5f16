package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.AppService;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.SessionService;
import java.util.Optional;
import java.util.UUID;

/**
 * Authenticates a request once, before its handler, and checks that the route admits the
 * principal. A request brings a session's Bearer token (a user's or an app's), or is an app's
 * single request: {@code Basic base64(app_id:secret)} (API key), {@code Basic base64(app_id:)}
 * with the TLS client certificate, or no Authorization header and the client certificate alone.
 * Users authenticate only at {@code /sys/v1/session/auth}. Stateless apart from the services;
 * thread-safe.
 */
final class RequestAuthenticator {
    private static final String BEARER = "Bearer ";
    private final SessionService sessions;
    private final AppService apps;

    RequestAuthenticator(SessionService sessions, AppService apps) {
        this.sessions = sessions;
        this.apps = apps;
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

    private Principal withoutSession(Context ctx) {
        Optional<BasicCredentials> basic = BasicCredentials.optional(ctx);
        if (basic.isEmpty() && ClientCertificates.der(ctx).isEmpty()) {
            throw new NotAuthenticatedException("a Bearer token is required");
        }
        if (basic.isPresent() && !isAppId(basic.get())) {
            throw new NotAuthenticatedException("users authenticate at /sys/v1/session/auth, then send the Bearer token");
        }
        return app(ctx, basic);
    }

    /** True when the Basic name is an app id; anything else names a user by email. */
    static boolean isAppId(BasicCredentials basic) {
        return Identifiers.isUuid(basic.name());
    }

    /**
     * The app a request authenticates as without a session: by API key, or by its TLS client
     * certificate, named by {@code Basic <app_id>:} or found by the certificate when no header came.
     */
    AppPrincipal app(Context ctx, Optional<BasicCredentials> basic) {
        byte[] certificate = ClientCertificates.der(ctx).orElse(null);
        if (basic.isEmpty()) {
            return apps.authenticateWithCertificate(null, certificate);
        }
        UUID appId = UUID.fromString(basic.get().name());
        return basic.get().secret().isEmpty() ? apps.authenticateWithCertificate(appId, certificate)
                : apps.authenticateWithSecret(appId, basic.get().secret());
    }
}
