package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AccountPermission;
import io.replikey.server.domain.CredentialCheck;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.domain.ReplicationScan;
import io.replikey.server.domain.UnexportableObject;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.Principal;
import io.replikey.server.replication.ReplicationEngine;
import io.replikey.server.replication.SourceException;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.ReplicationScanCounts;
import io.replikey.server.store.ReplicationScanRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The scans of a replication account: DSM's recent scan summary, and replikey's extensions to
 * start a scan now, to list past scans with their counts, and to test a credential against the
 * source. Every call needs MANAGE_REPLICATION in a replication account. Thread-safe.
 */
public final class ReplicationScanService {
    /** How many past scans the history lists, newest first. */
    public static final int HISTORY_LIMIT = 50;
    /** How many objects without material the history names. */
    public static final int UNEXPORTABLE_LIMIT = 100;

    private final Store store;
    private final ReplicationEngine engine;

    public ReplicationScanService(Store store, ReplicationEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    /** DSM {@code RecentScanSummary}: the running scan, the last finished and the last successful one. */
    public record Summary(Optional<ReplicationScan> inProgress, Optional<ReplicationScan> lastCompleted,
            Optional<ReplicationScan> lastSuccessful) {
    }

    /** The newest scans (the running one first, with its progress) and the objects held without material. */
    public record History(List<ReplicationScan> scans, List<UnexportableObject> unexportable) {
    }

    public Summary summary(Principal principal, UUID acctId) {
        return store.read(tx -> {
            requireReplicationAccount(tx, principal, acctId);
            Optional<ReplicationScan> running = tx.scans().latest(acctId, 1).stream()
                    .filter(scan -> !scan.finished()).findFirst().map(ReplicationScanService::toScan);
            return new Summary(running, tx.scans().lastCompleted(acctId).map(ReplicationScanService::toScan),
                    tx.scans().lastSuccessful(acctId).map(ReplicationScanService::toScan));
        });
    }

    public History history(Principal principal, UUID acctId) {
        return store.read(tx -> {
            requireReplicationAccount(tx, principal, acctId);
            return new History(tx.scans().latest(acctId, HISTORY_LIMIT).stream().map(ReplicationScanService::toScan)
                    .toList(), tx.securityObjects().withoutMaterial(acctId, UNEXPORTABLE_LIMIT).stream()
                    .map(object -> new UnexportableObject(object.kid(), object.name())).toList());
        });
    }

    /**
     * Starts a scan now and returns it. 409 while a scan of the account runs on any node, when the
     * account is disabled, or when it has no usable active credential.
     */
    public ReplicationScan startScan(Principal principal, UUID acctId) {
        store.read(tx -> {
            AccountRecord account = requireReplicationAccount(tx, principal, acctId);
            if (!account.enabled()) {
                throw new ConflictException("account is disabled");
            }
            boolean usable = account.activeCredentialId() != null && tx.credentials()
                    .byId(acctId, account.activeCredentialId()).filter(ReplicationCredentialRecord::usable).isPresent();
            if (!usable) {
                throw new ConflictException("account has no active replication credential with app_id and"
                        + " certificate_chain");
            }
            return null;
        });
        UUID scanId = engine.scanNow(acctId)
                .orElseThrow(() -> new ConflictException("a scan of this account is already running"));
        return store.read(tx -> tx.scans().latest(acctId, HISTORY_LIMIT).stream()
                .filter(scan -> scan.scanId().equals(scanId)).findFirst().map(ReplicationScanService::toScan)
                .orElseThrow());
    }

    /**
     * Tests that credential {@code credentialId} (active or not) authenticates to the account's
     * source, as a scan would, without scanning: the way to check a second credential before
     * switching to it. 409 when the account is disabled or the credential lacks app_id or
     * certificate_chain; a refusal by the source is an answer, not an error.
     */
    public CredentialCheck testCredential(Principal principal, UUID acctId, UUID credentialId) {
        record Target(URI url, ReplicationCredentialRecord credential) {
        }
        Target target = store.read(tx -> {
            AccountRecord account = requireReplicationAccount(tx, principal, acctId);
            if (!account.enabled()) {
                throw new ConflictException("account is disabled");
            }
            ReplicationCredentialRecord credential = tx.credentials().byId(acctId, credentialId)
                    .orElseThrow(() -> new NotFoundException("replication credential not found"));
            if (!credential.usable()) {
                throw new ConflictException("credential " + credentialId
                        + " needs app_id and certificate_chain before it can be tested");
            }
            return new Target(URI.create(account.replicationUrl()), credential);
        });
        try {
            engine.testCredential(acctId, target.url(), target.credential());
            return CredentialCheck.OK;
        } catch (SourceException e) {
            return new CredentialCheck(false, e.kind().name(), e.getMessage());
        }
    }

    private static AccountRecord requireReplicationAccount(Tx tx, Principal principal, UUID acctId) {
        AccountRecord account = AccessPolicy.require(tx, principal, acctId, AccountPermission.MANAGE_REPLICATION);
        if (account.purposeType() != PurposeKind.ACCOUNT_REPLICATION) {
            throw new BadRequestException("account is not a replication account");
        }
        return account;
    }

    private static ReplicationScan toScan(ReplicationScanRecord scan) {
        ReplicationScanCounts c = scan.counts();
        return new ReplicationScan(scan.scanId(), scan.trigger().name().toLowerCase(Locale.ROOT), scan.nodeId(),
                Instant.ofEpochSecond(scan.startedAt()),
                scan.finishedAt() == null ? null : Instant.ofEpochSecond(scan.finishedAt()), scan.errorMessage(),
                new ReplicationScan.Counts(c.groupsSeen(), c.objectsSeen(), c.created(), c.updated(), c.deleted(),
                        c.unexportable()));
    }
}
