package io.replikey.server.domain;

import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import java.util.UUID;

/**
 * Who created a group or security object, as DSM's {@code Principal} names it: a user, an app, or
 * the system (the server itself, for replicated resources; no id). Immutable.
 */
public record Creator(Kind kind, UUID id) {
    /** The creator kinds replikey records. */
    public enum Kind { USER, APP, SYSTEM }

    /** The creator a resource made by {@code principal} records. */
    public static Creator of(Principal principal) {
        if (principal instanceof UserPrincipal user) {
            return new Creator(Kind.USER, user.userId());
        }
        if (principal instanceof AppPrincipal app) {
            return new Creator(Kind.APP, app.appId());
        }
        return new Creator(Kind.SYSTEM, null);
    }
}
