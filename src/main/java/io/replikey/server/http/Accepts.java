package io.replikey.server.http;

import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import java.util.Set;

/**
 * Which principals a route admits, as the route table states it. The server itself never
 * arrives over HTTP, so no value admits it.
 */
enum Accepts {
    USER(Set.of(UserPrincipal.class)),
    APP(Set.of(AppPrincipal.class)),
    USER_OR_APP(Set.of(UserPrincipal.class, AppPrincipal.class));

    private final Set<Class<? extends Principal>> kinds;

    Accepts(Set<Class<? extends Principal>> kinds) {
        this.kinds = kinds;
    }

    boolean admits(Principal principal) {
        return kinds.contains(principal.getClass());
    }
}
