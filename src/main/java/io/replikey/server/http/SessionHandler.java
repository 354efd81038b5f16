package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.SessionService;
import io.replikey.wire.AuthRequest;
import io.replikey.wire.AuthResponse;
import io.replikey.wire.SelectAccountRequest;
import io.replikey.wire.SelectAccountResponse;
import java.util.Optional;

/** {@code /sys/v1/session/*}. */
final class SessionHandler {
    private final SessionService sessions;
    private final RequestAuthenticator authenticator;

    SessionHandler(SessionService sessions, RequestAuthenticator authenticator) {
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    /**
     * Opens a session for whoever the request authenticates as: a user by {@code Basic
     * email:password}; an app by {@code Basic app_id:secret}, by {@code Basic app_id:} with its TLS
     * client certificate, or by the certificate alone when no Authorization header came. An app id
     * is a UUID, which no email is.
     */
    void authenticate(Context ctx) {
        Optional<BasicCredentials> basic = BasicCredentials.optional(ctx);
        if (basic.isEmpty() && ClientCertificates.der(ctx).isEmpty()) {
            throw new NotAuthenticatedException("Basic authentication is required");
        }
        AuthRequest request = RequestBodies.optional(ctx, AuthRequest.class);
        String tokenType = request == null ? null : request.tokenType();
        SessionService.Issued issued = basic.isPresent() && !RequestAuthenticator.isAppId(basic.get())
                ? sessions.authenticate(basic.get().name(), basic.get().secret(), ctx.ip(), tokenType)
                : sessions.openAppSession(authenticator.app(ctx, basic), tokenType);
        Responses.json(ctx, new AuthResponse(SessionService.BEARER, issued.expiresInSeconds(), issued.accessToken(),
                issued.entityId()));
    }

    void selectAccount(Context ctx, Principal principal) {
        SelectAccountRequest request = RequestBodies.required(ctx, SelectAccountRequest.class);
        sessions.selectAccount(principal, Identifiers.uuid("acct_id", request.acctId()));
        Responses.json(ctx, new SelectAccountResponse(null));
    }

    void refresh(Context ctx, Principal principal) {
        sessions.refresh(principal);
        Responses.noContent(ctx);
    }

    void terminate(Context ctx, Principal principal) {
        sessions.terminate(principal);
        Responses.noContent(ctx);
    }
}
