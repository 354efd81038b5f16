package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.UserService;
import io.replikey.server.domain.User;
import io.replikey.wire.SignupRequest;
import java.util.List;

/** {@code /sys/v1/users}. */
final class UserHandler {
    private final UserService users;

    UserHandler(UserService users) {
        this.users = users;
    }

    void signup(Context ctx) {
        User user = users.signup(UserWire.signUp(RequestBodies.required(ctx, SignupRequest.class)));
        Responses.json(ctx, UserWire.toWire(user, List.of()));
    }

    void get(Context ctx, Principal principal) {
        UserService.UserView view = users.get(principal, Identifiers.uuid("user_id", ctx.pathParam("user_id")));
        Responses.json(ctx, UserWire.toWire(view.user(), view.roles()));
    }
}
