package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.UserService;
import io.replikey.server.store.UserRecord;
import io.replikey.wire.SignupRequest;
import java.util.List;

/** {@code /sys/v1/users}. */
final class UserHandler {
    private final UserService users;
    private final Authentication auth;

    UserHandler(UserService users, Authentication auth) {
        this.users = users;
        this.auth = auth;
    }

    void signup(Context ctx) {
        UserRecord user = users.signup(RequestBodies.required(ctx, SignupRequest.class));
        Responses.json(ctx, WireViews.user(user, List.of()));
    }

    void get(Context ctx) {
        UserService.UserView view = users.get(auth.caller(ctx), Identifiers.uuid("user_id", ctx.pathParam("user_id")));
        Responses.json(ctx, WireViews.user(view.user(), view.roles()));
    }
}
