package io.replikey.server.http;

import io.replikey.server.access.AccountRole;
import io.replikey.server.domain.User;
import io.replikey.server.service.SignUp;
import io.replikey.wire.SignupRequest;
import io.replikey.wire.WireTime;
import java.util.List;

/** Users between the DSM wire and the domain. Stateless. */
final class UserWire {
    private UserWire() {
    }

    /** The recaptcha response DSM accepts has no use here and is dropped. */
    static SignUp signUp(SignupRequest request) {
        return new SignUp(request.userEmail(), request.userPassword(), request.firstName(), request.lastName());
    }

    static io.replikey.wire.User toWire(User u, List<AccountRole> roles) {
        return new io.replikey.wire.User(u.userId(), u.email(), u.firstName(), u.lastName(),
                roles.stream().map(AccountRole::name).toList(), List.of(), List.of(),
                WireTime.format(u.createdAt().getEpochSecond()),
                u.lastLoggedInAt() == null ? null : WireTime.format(u.lastLoggedInAt().getEpochSecond()), true, false);
    }
}
