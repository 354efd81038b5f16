package io.replikey.server.replication;

import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.store.GroupDao;
import io.replikey.server.store.GroupRecord;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.ReplicationSourceClaimRecord;
import io.replikey.server.store.SecurityObjectRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * One scan of one replication account: connects to the source with the account's active
 * credential, pages its groups and then its security objects, and writes them to the destination
 * account under the source's ids.
 *
 * <ul>
 *   <li>Every listed group and object must name one source account ({@link SourceAccount}); the
 *       first page that names it claims it for the destination account before anything is
 *       written, and the scan fails when another account of this server replicates it.</li>
 *   <li>Each group, and each batch of whole objects ({@link #WRITE_BATCH}), is written in its
 *       own transaction, fenced by the scan's lease ({@link Lease#check}), so an interrupted scan
 *       leaves a consistent account and a node that lost its lease writes nothing more.</li>
 *   <li>Exports run {@link #EXPORTS_IN_FLIGHT} at a time on the scan's own threads, ahead of the
 *       writes, which keep the listing's order.</li>
 *   <li>Names are unique per account, and the source may swap or reuse them between scans: a
 *       row holding the name another one needs is renamed aside ({@link Replicas#displaced}),
 *       and gets its own name back when its turn in the listing comes, or is removed.</li>
 *   <li>Material is exported only for objects that are new, have none yet, or whose {@code kcv} or
 *       {@code pub_key} changed ({@link Replicas#needsExport}); it is sealed at once and wiped.</li>
 *   <li>Objects and then groups the source no longer lists are removed only after both listings
 *       completed; a failed listing removes nothing.</li>
 * </ul>
 *
 * <p>Memory: one page of the source at a time (its listed objects and, once exported, their sealed
 * rows), plus the ids seen (two sets of UUIDs, about 100
 * bytes per object: 1 MB per 10,000 objects). The credential's private key exists only in the TLS
 * context of this scan. Stateless between scans; one instance serves concurrent scans of
 * different accounts.
 */
final class Scanner {
    /** How many destination rows one cleanup query reads. */
    private static final int CLEANUP_PAGE = 500;
    /**
     * Exports in flight at once. The pace of a scan is the export round trip; a few parallel
     * connections hide its latency without weighing much on the source.
     */
    static final int EXPORTS_IN_FLIGHT = 8;
    /** Objects written per destination transaction: one commit (an fsync) per batch, not per object. */
    static final int WRITE_BATCH = 100;
    /** Kids per lookup of the destination's rows (one SQL parameter each). */
    private static final int READ_BATCH = 500;

    /** The scan's hold on the account's lease. */
    interface Lease {
        /** Throws {@link ScanException} unless the lease is still held; locks it within {@code tx}. */
        void check(Tx tx);

        /** Throws {@link ScanException} when the lease was lost or the server is stopping. */
        void checkRunning();
    }

    /** What to scan: the destination account, its source and the credential to present. */
    record Target(UUID acctId, URI sourceUrl, ReplicationCredentialRecord credential) {
    }

    private final Store store;
    private final KeySealer sealer;
    private final List<X509Certificate> trustedCas;
    private final SourceConnector.Settings settings;
    private final Clock clock;

    Scanner(Store store, KeySealer sealer, List<X509Certificate> trustedCas, SourceConnector.Settings settings,
            Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.trustedCas = List.copyOf(trustedCas);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the scan, counting into {@code tally} and reporting after each page to {@code progress}.
     *
     * @throws SourceException when the source fails or refuses
     * @throws ScanException   when the lease is lost or the destination cannot hold what is listed
     */
    void scan(Target target, Lease lease, ScanTally tally, Consumer<ScanTally> progress) {
        SourceConnector source = connect(target);
        SourceAccount account = new SourceAccount(target.sourceUrl());
        Set<UUID> groupsSeen = new HashSet<>();
        for (Iterator<List<SourceGroup>> pages = source.groupPages(); pages.hasNext(); ) {
            List<SourceGroup> page = pages.next();
            if (account.admit(page, SourceGroup::acctId, SourceGroup::groupId, "group")) {
                claim(target.acctId(), account, lease);
            }
            for (SourceGroup group : page) {
                lease.checkRunning();
                groupsSeen.add(group.groupId());
                tally.groupSeen();
                writeGroup(target.acctId(), group, lease);
            }
            progress.accept(tally);
        }
        Set<UUID> objectsSeen = new HashSet<>();
        ExecutorService exports = Executors.newFixedThreadPool(EXPORTS_IN_FLIGHT,
                ReplicationEngine.daemon("replikey-replication-export"));
        try {
            for (Iterator<List<SourceObject>> pages = source.objectPages(); pages.hasNext(); ) {
                List<SourceObject> page = pages.next();
                if (account.admit(page, SourceObject::acctId, SourceObject::kid, "security object")) {
                    claim(target.acctId(), account, lease);
                }
                for (SourceObject object : page) {
                    if (object.groupId() == null) {
                        throw new ScanException("the source lists object " + object.kid() + " without a group_id");
                    }
                    objectsSeen.add(object.kid());
                    tally.objectSeen();
                }
                replicate(source, target.acctId(), page, exports, lease, tally);
                progress.accept(tally);
            }
        } finally {
            exports.shutdownNow();
        }
        removeObjectsNotIn(objectsSeen, target.acctId(), lease, tally);
        removeGroupsNotIn(groupsSeen, target.acctId(), lease);
        progress.accept(tally);
    }

    /**
     * A connector to the target's source, authenticated with its credential.
     *
     * @throws SourceException when the source cannot be reached or refuses the credential
     */
    SourceConnector connect(Target target) {
        SourceConnector source = new SourceConnector(target.sourceUrl(), tls(target), settings);
        source.authenticate(target.credential().appId());
        return source;
    }

    /** The credential's key, unsealed into this TLS context only. */
    private SSLContext tls(Target target) {
        ReplicationCredentialRecord credential = target.credential();
        byte[] pkcs8 = sealer.open(credential.sealedPrivateKey(),
                SealingContext.credentialKey(target.acctId(), credential.credentialId()));
        try {
            PrivateKey key = CredentialKeys.decodePrivate(credential.keyType(), pkcs8);
            return SourceTls.context(key, credential.certificateChain(), trustedCas);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Claims the source account for the destination account before anything listed is written, in a
     * transaction fenced by the lease, so that a source account has one replica on this server.
     *
     * @throws ScanException when another account replicates it, or this one replicates another
     */
    private void claim(UUID acctId, SourceAccount account, Lease lease) {
        ReplicationSourceClaimRecord wanted = new ReplicationSourceClaimRecord(acctId, account.origin(),
                account.acctId(), now());
        Optional<ReplicationSourceClaimRecord> conflict = store.transaction(tx -> {
            lease.check(tx);
            return tx.sourceClaims().claim(wanted);
        });
        if (conflict.isPresent()) {
            throw new ScanException(refusal(wanted, conflict.get()));
        }
    }

    /**
     * Why {@code wanted} is refused. A replica whose source now lists another account (a credential
     * of an app in another account, at the same URL) fails rather than follow it: the scan would
     * delete every replicated key of the account it was made from.
     */
    private static String refusal(ReplicationSourceClaimRecord wanted, ReplicationSourceClaimRecord held) {
        if (held.acctId().equals(wanted.acctId())) {
            return "the source at " + wanted.sourceOrigin() + " lists account " + wanted.sourceAcctId()
                    + ", but this account replicates source account " + held.sourceAcctId() + " at "
                    + held.sourceOrigin() + "; a replica follows one source account (create another replication"
                    + " account to replicate another)";
        }
        return "source account " + held.sourceAcctId() + " at " + held.sourceOrigin()
                + " is already replicated by account " + held.acctId() + " on this server";
    }

    private void writeGroup(UUID acctId, SourceGroup group, Lease lease) {
        GroupRecord wanted = Replicas.group(acctId, group, now());
        store.transaction(tx -> {
            lease.check(tx);
            GroupRecord stored = tx.groups().lockById(acctId, group.groupId()).orElse(null);
            tx.groups().byName(acctId, wanted.name()).filter(holder -> !holder.groupId().equals(wanted.groupId()))
                    .ifPresent(holder -> tx.groups().update(Replicas.displaced(holder)));
            boolean written = stored == null ? tx.groups().insert(wanted)
                    : stored.equals(wanted) || tx.groups().update(wanted);
            if (!written) {
                throw new ScanException("group " + group.groupId() + " cannot be written: its name or id is taken"
                        + " on this server");
            }
            return null;
        });
    }

    /**
     * Replicates one listed page: the material of every object that needs it is exported
     * {@link #EXPORTS_IN_FLIGHT} at a time, while the rows are written in listing order,
     * {@link #WRITE_BATCH} per transaction. A failure cancels the page's remaining exports; the
     * batches already committed stay, each of whole objects.
     */
    private void replicate(SourceConnector source, UUID acctId, List<SourceObject> page, ExecutorService exports,
            Lease lease, ScanTally tally) {
        Map<UUID, SecurityObjectRecord> stored = storedRows(acctId, page);
        List<Future<SecurityObjectRecord>> wanted = new ArrayList<>(page.size());
        try {
            for (SourceObject listed : page) {
                SecurityObjectRecord row = stored.get(listed.kid());
                Long lastUsed = row == null ? null : row.lastusedAt();
                wanted.add(Replicas.needsExport(row, listed)
                        ? exports.submit(() -> exported(source, acctId, listed, lastUsed))
                        : CompletableFuture.completedFuture(Replicas.object(acctId, listed, row.sealedMaterial(),
                                row.masterKeyVersion(), lastUsed, now())));
            }
            List<SecurityObjectRecord> batch = new ArrayList<>(WRITE_BATCH);
            for (int i = 0; i < page.size(); i++) {
                if (i % WRITE_BATCH == 0) {
                    lease.checkRunning();
                }
                SecurityObjectRecord row = completed(wanted.get(i));
                SecurityObjectRecord before = stored.get(page.get(i).kid());
                if (row == null) {
                    continue; // deleted since it was listed: the next listing decides
                }
                if (!row.hasMaterial()) {
                    tally.unexportable(row.name());
                }
                if (before == null || !Replicas.same(before, row)) {
                    batch.add(row);
                }
                if (batch.size() == WRITE_BATCH) {
                    write(acctId, batch, lease, stored, tally);
                }
            }
            if (!batch.isEmpty()) { // after the loop: the page's last object may have been skipped above
                write(acctId, batch, lease, stored, tally);
            }
        } finally {
            wanted.forEach(future -> future.cancel(true));
        }
    }

    /** Writes a batch of whole objects, counts it, and empties it. */
    private void write(UUID acctId, List<SecurityObjectRecord> batch, Lease lease,
            Map<UUID, SecurityObjectRecord> stored, ScanTally tally) {
        writeObjects(acctId, batch, lease);
        batch.forEach(written -> countWrite(stored, written, tally));
        batch.clear();
    }

    /** The destination's rows of the page's objects, by kid. */
    private Map<UUID, SecurityObjectRecord> storedRows(UUID acctId, List<SourceObject> page) {
        Map<UUID, SecurityObjectRecord> rows = new HashMap<>();
        for (int from = 0; from < page.size(); from += READ_BATCH) {
            List<UUID> kids = page.subList(from, Math.min(page.size(), from + READ_BATCH)).stream()
                    .map(SourceObject::kid).toList();
            store.read(tx -> tx.securityObjects().byIds(acctId, kids)).forEach(row -> rows.put(row.kid(), row));
        }
        return rows;
    }

    private static void countWrite(Map<UUID, SecurityObjectRecord> stored, SecurityObjectRecord written,
            ScanTally tally) {
        if (stored.containsKey(written.kid())) {
            tally.updated();
        } else {
            tally.created();
        }
    }

    /** The export's result; its {@link SourceException} or {@link ScanException} is rethrown as is. */
    private static SecurityObjectRecord completed(Future<SecurityObjectRecord> export) {
        try {
            return export.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScanException("interrupted: the server is stopping");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("export failed", e.getCause());
        }
    }

    /**
     * The object's row with its material exported and sealed, or without material when the
     * source refuses; null when the source no longer has it.
     */
    private SecurityObjectRecord exported(SourceConnector source, UUID acctId, SourceObject listed, Long lastUsed) {
        ExportOutcome outcome = source.export(listed.kid());
        if (outcome instanceof ExportOutcome.Gone) {
            return null;
        }
        if (outcome instanceof ExportOutcome.Exported exported) {
            try {
                byte[] sealed = sealer.seal(exported.value(), SealingContext.securityObject(acctId, listed.kid()));
                SourceObject fresh = exported.object().groupId() != null ? exported.object() : listed;
                return Replicas.object(acctId, fresh, sealed, sealer.currentVersion(), lastUsed, now());
            } finally {
                exported.wipe();
            }
        }
        return Replicas.object(acctId, listed, null, null, lastUsed, now());
    }

    private void writeObjects(UUID acctId, List<SecurityObjectRecord> batch, Lease lease) {
        store.transaction(tx -> {
            lease.check(tx);
            Set<UUID> groupsLocked = new HashSet<>();
            for (SecurityObjectRecord wanted : batch) {
                if (groupsLocked.add(wanted.groupId()) && tx.groups().lockById(acctId, wanted.groupId()).isEmpty()) {
                    throw new ScanException("object " + wanted.kid() + " is in group " + wanted.groupId()
                            + ", which the source did not list");
                }
                boolean exists = tx.securityObjects().lockById(acctId, wanted.kid()).isPresent();
                tx.securityObjects().byName(acctId, wanted.name()).filter(holder -> !holder.kid().equals(wanted.kid()))
                        .ifPresent(holder -> tx.securityObjects().update(Replicas.displaced(holder)));
                if (!(exists ? tx.securityObjects().update(wanted) : tx.securityObjects().insert(wanted))) {
                    throw new ScanException("object " + wanted.kid() + " cannot be written: its name or id is taken"
                            + " on this server");
                }
            }
            return null;
        });
    }

    private void removeObjectsNotIn(Set<UUID> seen, UUID acctId, Lease lease, ScanTally tally) {
        UUID after = null;
        while (true) {
            UUID from = after;
            List<UUID> page = store.read(tx -> tx.securityObjects().kids(acctId, from, CLEANUP_PAGE));
            for (UUID kid : page) {
                if (!seen.contains(kid)) {
                    lease.checkRunning();
                    if (store.transaction(tx -> {
                        lease.check(tx);
                        return tx.securityObjects().delete(acctId, kid);
                    })) {
                        tally.deleted();
                    }
                }
            }
            if (page.size() < CLEANUP_PAGE) {
                return;
            }
            after = page.get(page.size() - 1);
        }
    }

    private void removeGroupsNotIn(Set<UUID> seen, UUID acctId, Lease lease) {
        UUID after = null;
        while (true) {
            UUID from = after;
            List<GroupRecord> page = store.read(tx -> tx.groups().list(acctId, null, from, 0, CLEANUP_PAGE));
            List<UUID> gone = new ArrayList<>();
            page.stream().map(GroupRecord::groupId).filter(id -> !seen.contains(id)).forEach(gone::add);
            for (UUID groupId : gone) {
                lease.checkRunning();
                GroupDao.Deletion deletion = store.transaction(tx -> {
                    lease.check(tx);
                    return tx.groups().delete(acctId, groupId);
                });
                if (deletion == GroupDao.Deletion.HOLDS_OBJECTS) {
                    throw new ScanException("group " + groupId + " is gone from the source but still holds objects");
                }
            }
            if (page.size() < CLEANUP_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).groupId();
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
