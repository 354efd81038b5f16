package io.replikey.server.service;

import io.replikey.server.error.BadRequestException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import java.util.UUID;

/**
 * The account a group, key or crypto call acts in, as DSM decides it: an app's own account, or
 * the account a user's session selected ({@code POST /sys/v1/session/select_account}). Whether
 * the principal may act there is the access policy's question, asked afterwards. Stateless.
 */
final class ActingAccount {
    private ActingAccount() {
    }

    static UUID of(Principal principal) {
        if (principal instanceof AppPrincipal app) {
            return app.acctId();
        }
        if (principal instanceof UserPrincipal user && user.selectedAccountId() != null) {
            return user.selectedAccountId();
        }
        throw new BadRequestException("no account selected: call POST /sys/v1/session/select_account first");
    }
}
