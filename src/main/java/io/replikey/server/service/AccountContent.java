package io.replikey.server.service;

import io.replikey.server.domain.Creator;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.error.ConflictException;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.ServerPrincipal;
import io.replikey.server.store.AccountRecord;
import java.util.Locale;

/**
 * Rules shared by what lives inside an account (groups, security objects): a disabled account
 * changes and uses nothing; a replication account holds a read-only copy of its source until
 * failover (design.md §4); and creators between the domain and the store. Stateless.
 */
final class AccountContent {
    private AccountContent() {
    }

    /**
     * Refuses a change to a disabled account's groups or objects, and to a replication account's
     * (409); only the server itself (the replication engine, which keeps the copy current) writes
     * those.
     */
    static void requireWritable(AccountRecord account, Principal principal) {
        requireEnabled(account);
        if (account.purposeType() == PurposeKind.ACCOUNT_REPLICATION && !(principal instanceof ServerPrincipal)) {
            throw new ConflictException("this is a replication account: its groups and security objects are "
                    + "read-only until failover");
        }
    }

    /**
     * Refuses crypto in a disabled account (409). A replication account's keys are usable before
     * failover (issue 7: a replica serves crypto with the keys it copied; only changes wait for
     * failover).
     */
    static void requireUsable(AccountRecord account) {
        requireEnabled(account);
    }

    private static void requireEnabled(AccountRecord account) {
        if (!account.enabled()) {
            throw new ConflictException("account is disabled");
        }
    }

    static io.replikey.server.store.Creator toStore(Creator creator) {
        return new io.replikey.server.store.Creator(creator.kind().name().toLowerCase(Locale.ROOT), creator.id());
    }

    static Creator fromStore(io.replikey.server.store.Creator creator) {
        return new Creator(Creator.Kind.valueOf(creator.kind().toUpperCase(Locale.ROOT)), creator.id());
    }
}
