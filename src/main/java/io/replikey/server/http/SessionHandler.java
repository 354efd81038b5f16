package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.SessionService;
import io.replikey.wire.AuthRequest;
import io.replikey.wire.AuthResponse;
import io.replikey.wire.SelectAccountRequest;
import io.replikey.wire.SelectAccountResponse;

/** {@code /sys/v1/session/*}. */
final class SessionHandler {
    private final SessionService sessions;

    SessionHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    /**
     * Opens a session for whoever the Basic header names. Apps will arrive here too: an app id
     * (a UUID, which no email is) with its API key, or with an empty secret and the connection's
     * client certificate ({@link ClientCertificates#der}); their dispatch plugs in here. Until
     * apps exist every name is tried as an email, so an app id answers as an unknown user.
     */
    void authenticate(Context ctx) {
        BasicCredentials basic = BasicCredentials.required(ctx);
        AuthRequest request = RequestBodies.optional(ctx, AuthRequest.class);
        SessionService.Issued issued = sessions.authenticate(basic.name(), basic.secret(), ctx.ip(),
                request == null ? null : request.tokenType());
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
