package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AccountPermission;
import io.replikey.server.access.AccountRole;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Accounts and their purpose (design.md §4). The creator is the account administrator. A
 * replication account accepts changes only to its replication settings until failover, which
 * turns it into a Standard account for good and deletes its replication credentials (their keys
 * have no use once the account no longer replicates). Thread-safe.
 */
public final class AccountService {
    static final int MAX_NAME_LENGTH = 4096;
    static final int MIN_SCAN_INTERVAL_HOURS = 1;
    static final int MAX_SCAN_INTERVAL_HOURS = 255;

    private final Store store;
    private final Clock clock;

    public AccountService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public AccountRecord create(Principal principal, AccountRequest request) {
        UserPrincipal creator = AccessPolicy.requireAccountCreator(principal);
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw new BadRequestException("name is required");
        }
        checkName(request.name());
        checkDescription(request.description());
        AccountPurpose purpose = request.purpose() == null ? AccountPurpose.standard() : request.purpose();
        Replication replication = validatePurpose(purpose);
        if (replication != null && replication.activeCredential() != null) {
            throw new BadRequestException("active_replication_credential cannot be set when creating an account");
        }
        AccountRecord account = new AccountRecord(UUID.randomUUID(), request.name(), request.description(),
                request.enabled() == null || request.enabled(), purpose.type(), purpose.type(),
                replication == null ? null : replication.url(),
                replication == null ? null : replication.scanIntervalHours(), null,
                clock.instant().getEpochSecond());
        store.transaction(tx -> {
            tx.accounts().insert(account, creator.userId(), AccountRole.ACCOUNTADMINISTRATOR);
            return null;
        });
        return account;
    }

    public List<AccountRecord> list(Principal principal) {
        return store.read(tx -> AccessPolicy.accountsOf(tx, principal));
    }

    public AccountRecord get(Principal principal, UUID acctId) {
        return store.read(tx -> AccessPolicy.requireMembership(tx, principal, acctId));
    }

    public AccountRecord update(Principal principal, UUID acctId, AccountRequest request) {
        if (request == null) {
            throw new BadRequestException("request body is required");
        }
        Replication replication = request.purpose() == null ? null : validatePurpose(request.purpose());
        if (request.name() != null) {
            checkName(request.name());
        }
        checkDescription(request.description());
        return store.transaction(tx -> {
            AccountRecord current = AccessPolicy.requireForUpdate(tx, principal, acctId,
                    AccountPermission.MANAGE_ACCOUNT_PROFILE);
            AccountRecord updated = apply(tx, current, request, replication);
            tx.accounts().update(updated);
            if (isFailover(current, updated)) {
                // After the update, which cleared the active credential that the database
                // would otherwise refuse to see deleted.
                deleteCredentials(tx, acctId);
            }
            return updated;
        });
    }

    public void delete(Principal principal, UUID acctId) {
        store.transaction(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.DELETE_ACCOUNT);
            tx.accounts().delete(acctId);
            return null;
        });
    }

    private AccountRecord apply(Tx tx, AccountRecord current, AccountRequest request, Replication replication) {
        boolean replicating = AccountPurpose.ACCOUNT_REPLICATION.equals(current.purposeType());
        if (replicating && (request.name() != null || request.description() != null || request.enabled() != null)) {
            throw new ConflictException("a replication account is read-only except for its purpose until failover");
        }
        String name = request.name() != null ? request.name() : current.name();
        String description = request.description() != null ? request.description() : current.description();
        boolean enabled = request.enabled() != null ? request.enabled() : current.enabled();
        if (request.purpose() == null) {
            return new AccountRecord(current.acctId(), name, description, enabled, current.purposeType(),
                    current.originalPurposeType(), current.replicationUrl(), current.scanIntervalHours(),
                    current.activeCredentialId(), current.createdAt());
        }
        if (replication == null) {
            return new AccountRecord(current.acctId(), name, description, enabled, AccountPurpose.STANDARD,
                    current.originalPurposeType(), null, null, null, current.createdAt());
        }
        if (!replicating) {
            throw new ConflictException("a Standard account cannot become a replication account");
        }
        UUID active = replication.activeCredential();
        if (active != null) {
            requireUsable(tx, current.acctId(), active);
        }
        return new AccountRecord(current.acctId(), name, description, enabled, current.purposeType(),
                current.originalPurposeType(), replication.url(), replication.scanIntervalHours(), active,
                current.createdAt());
    }

    private static boolean isFailover(AccountRecord before, AccountRecord after) {
        return AccountPurpose.ACCOUNT_REPLICATION.equals(before.purposeType())
                && AccountPurpose.STANDARD.equals(after.purposeType());
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

    /** The validated settings of a replication purpose, or null for Standard. */
    private record Replication(String url, int scanIntervalHours, UUID activeCredential) {
    }

    private static Replication validatePurpose(AccountPurpose purpose) {
        if (AccountPurpose.STANDARD.equals(purpose.type())) {
            if (purpose.connectionSettings() != null || purpose.scanSettings() != null) {
                throw new BadRequestException("a Standard purpose takes no connection_settings or scan_settings");
            }
            return null;
        }
        if (!AccountPurpose.ACCOUNT_REPLICATION.equals(purpose.type())) {
            throw new BadRequestException("purpose.$type must be Standard or AccountReplication");
        }
        AccountPurpose.ConnectionSettings connection = purpose.connectionSettings();
        if (connection == null || connection.url() == null) {
            throw new BadRequestException("purpose.connection_settings.url is required");
        }
        String url = validateUrl(connection.url());
        AccountPurpose.ScanSettings scan = purpose.scanSettings();
        if (scan == null || scan.autoScan() == null || scan.autoScan().scanIntervalHours() == null) {
            throw new BadRequestException("purpose.scan_settings.auto_scan.scan_interval_hours is required");
        }
        int hours = scan.autoScan().scanIntervalHours();
        if (hours < MIN_SCAN_INTERVAL_HOURS || hours > MAX_SCAN_INTERVAL_HOURS) {
            throw new BadRequestException("scan_interval_hours must be between " + MIN_SCAN_INTERVAL_HOURS
                    + " and " + MAX_SCAN_INTERVAL_HOURS);
        }
        UUID active = connection.activeReplicationCredential() == null ? null
                : Identifiers.uuid("active_replication_credential", connection.activeReplicationCredential());
        return new Replication(url, hours, active);
    }

    private static String validateUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new BadRequestException("connection_settings.url must be an https URL");
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw new BadRequestException("connection_settings.url must be https://host[:port][/path]");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new BadRequestException("connection_settings.url is not a valid URL");
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
