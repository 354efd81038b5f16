package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AccountPermission;
import io.replikey.server.access.AccountRole;
import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.domain.Account;
import io.replikey.server.domain.Purpose;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Accounts and their purpose (design.md §4). The creator is the account administrator. A
 * replication account accepts changes only to its replication settings until failover, which
 * turns it into a Standard account for good and deletes its replication credentials (their keys
 * have no use once the account no longer replicates). Failover and a change of
 * {@code connection_settings.url} release the account's claim on its source account, so another
 * replica may replicate it. Thread-safe.
 */
public final class AccountService {
    static final int MAX_NAME_LENGTH = 4096;

    private final Store store;
    private final Clock clock;
    private final DecodedKeyCache decodedKeys;

    public AccountService(Store store, Clock clock, DecodedKeyCache decodedKeys) {
        this.store = store;
        this.decodedKeys = decodedKeys;
        this.clock = clock;
    }

    public Account create(Principal principal, NewAccount request) {
        UserPrincipal creator = AccessPolicy.requireAccountCreator(principal);
        if (request.name() == null || request.name().isBlank()) {
            throw new BadRequestException("name is required");
        }
        checkName(request.name());
        checkDescription(request.description());
        Purpose purpose = request.purpose() == null ? Purpose.STANDARD : request.purpose();
        if (purpose instanceof Purpose.Replication replication && replication.activeCredentialId() != null) {
            throw new BadRequestException("active_replication_credential cannot be set when creating an account");
        }
        Account account = new Account(UUID.randomUUID(), request.name(), request.description(),
                request.enabled() == null || request.enabled(), purpose, purpose.kind(),
                Instant.ofEpochSecond(clock.instant().getEpochSecond()));
        store.transaction(tx -> {
            tx.accounts().insert(AccountRecord.of(account), creator.userId(), AccountRole.ACCOUNTADMINISTRATOR);
            return null;
        });
        return account;
    }

    public List<Account> list(Principal principal) {
        return store.read(tx -> AccessPolicy.accountsOf(tx, principal)).stream().map(AccountRecord::toAccount)
                .toList();
    }

    public Account get(Principal principal, UUID acctId) {
        return store.read(tx -> AccessPolicy.requireMembership(tx, principal, acctId)).toAccount();
    }

    public Account update(Principal principal, UUID acctId, AccountChanges changes) {
        if (changes.name() != null) {
            checkName(changes.name());
        }
        checkDescription(changes.description());
        Updated result = store.transaction(tx -> {
            Account current = AccessPolicy.requireForUpdate(tx, principal, acctId,
                    AccountPermission.MANAGE_ACCOUNT_PROFILE).toAccount();
            Account updated = apply(tx, current, changes);
            tx.accounts().update(AccountRecord.of(updated));
            if (leavesItsSource(current, updated)) {
                // A new replica may then take the source over; the account's next scan claims
                // whatever its new URL reaches. The scan engine fences its claim on this row.
                tx.sourceClaims().release(acctId);
            }
            boolean failover = isFailover(current, updated);
            if (failover) {
                // After the update, which cleared the active credential that the database
                // would otherwise refuse to see deleted.
                deleteCredentials(tx, acctId);
            }
            return new Updated(updated, failover);
        });
        if (result.failover()) {
            decodedKeys.forgetAll(); // the failover deleted the account's credentials
        }
        return result.account();
    }

    private record Updated(Account account, boolean failover) {
    }

    public void delete(Principal principal, UUID acctId) {
        store.transaction(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.DELETE_ACCOUNT);
            tx.accounts().delete(acctId);
            return null;
        });
        decodedKeys.forgetAll(); // its credentials are gone
    }

    private static Account apply(Tx tx, Account current, AccountChanges changes) {
        boolean replicating = current.purpose() instanceof Purpose.Replication;
        if (replicating && (changes.name() != null || changes.description() != null || changes.enabled() != null)) {
            throw new ConflictException("a replication account is read-only except for its purpose until failover");
        }
        if (changes.purpose() instanceof Purpose.Replication replication) {
            if (!replicating) {
                throw new ConflictException("a Standard account cannot become a replication account");
            }
            if (replication.activeCredentialId() != null) {
                requireUsable(tx, current.acctId(), replication.activeCredentialId());
            }
        }
        return new Account(current.acctId(), changes.name() != null ? changes.name() : current.name(),
                changes.description() != null ? changes.description() : current.description(),
                changes.enabled() != null ? changes.enabled() : current.enabled(),
                changes.purpose() != null ? changes.purpose() : current.purpose(), current.originalPurpose(),
                current.createdAt());
    }

    private static boolean isFailover(Account before, Account after) {
        return before.purpose() instanceof Purpose.Replication && after.purpose() instanceof Purpose.Standard;
    }

    /** True when the account stops replicating, or may now reach another source account. */
    private static boolean leavesItsSource(Account before, Account after) {
        return before.purpose() instanceof Purpose.Replication replicated
                && !(after.purpose() instanceof Purpose.Replication still && still.url().equals(replicated.url()));
    }

    private static void deleteCredentials(Tx tx, UUID acctId) {
        for (ReplicationCredentialRecord credential : tx.credentials().list(acctId)) {
            tx.credentials().delete(acctId, credential.credentialId());
        }
    }

    private static void requireUsable(Tx tx, UUID acctId, UUID credentialId) {
        ReplicationCredentialRecord credential = tx.credentials().byId(acctId, credentialId)
                .orElseThrow(() -> new BadRequestException(
                        "active_replication_credential does not name a credential of this account"));
        if (!credential.usable()) {
            throw new ConflictException("credential " + credentialId
                    + " needs app_id and certificate_chain before it can be active");
        }
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > MAX_NAME_LENGTH) {
            throw new BadRequestException("description is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** DSM's pattern {@code ^[^\n]*[^\s\n][^\n]*$}: one line, not only white space. */
    private static void checkName(String name) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.indexOf('\n') >= 0) {
            throw new BadRequestException("name must be one line of 1 to " + MAX_NAME_LENGTH
                    + " characters, not only white space");
        }
    }
}
