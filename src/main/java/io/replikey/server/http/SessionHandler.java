package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.SessionService;
import io.replikey.wire.AuthRequest;
import io.replikey.wire.AuthResponse;
import io.replikey.wire.SelectAccountRequest;
import io.replikey.wire.SelectAccountResponse;

/** {@code /sys/v1/session/*}. */
final class SessionHandler {
    private final SessionService sessions;
    private final Authentication auth;

    SessionHandler(SessionService sessions, Authentication auth) {
        this.sessions = sessions;
        this.auth = auth;
    }

    void authenticate(Context ctx) {
        String[] basic = Authentication.basic(ctx);
        AuthRequest request = RequestBodies.optional(ctx, AuthRequest.class);
        SessionService.Issued issued = sessions.authenticate(basic[0], basic[1], ctx.ip(),
                request == null ? null : request.tokenType());
        Responses.json(ctx, new AuthResponse(SessionService.BEARER, issued.expiresInSeconds(), issued.accessToken(),
                issued.entityId()));
    }

    void selectAccount(Context ctx) {
        var caller = auth.caller(ctx);
        SelectAccountRequest request = RequestBodies.required(ctx, SelectAccountRequest.class);
        sessions.selectAccount(caller, Identifiers.uuid("acct_id", request.acctId()));
        Responses.json(ctx, new SelectAccountResponse(null));
    }

    void refresh(Context ctx) {
        sessions.refresh(auth.caller(ctx));
        Responses.noContent(ctx);
    }

    void terminate(Context ctx) {
        sessions.terminate(auth.caller(ctx));
        Responses.noContent(ctx);
    }
}
