package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.GroupPermission;
import io.replikey.server.access.GroupScope;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.ObjectKeys;
import io.replikey.server.crypto.ObjectMaterial;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.domain.Creator;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.domain.SecurityObject;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.AppGroupRecord;
import io.replikey.server.store.KeysetStart;
import io.replikey.server.store.SecurityObjectFilter;
import io.replikey.server.store.SecurityObjectRecord;
import io.replikey.server.store.SecurityObjectSort;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Security objects of the acting account ({@link ActingAccount}): generate, import, list, get,
 * update, delete and export. Material is sealed under the master key, bound to the account and
 * the kid, and leaves only through {@link #export}: when the object permits {@code EXPORT} and
 * the caller may export from its group. Names are unique per account (409); a replication
 * account's objects are read-only until failover (409); another account's object answers as a
 * missing one (404). Thread-safe.
 */
public final class SecurityObjectService {
    static final long RSA_PUBLIC_EXPONENT = 65537;

    private final Store store;
    private final KeySealer sealer;
    private final Clock clock;

    public SecurityObjectService(Store store, KeySealer sealer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** Generates fresh material ({@code POST /crypto/v1/keys}). */
    public SecurityObject generate(Principal principal, NewSecurityObject request) {
        if (request.value() != null) {
            throw new BadRequestException("value is only accepted when importing (PUT)");
        }
        if (request.kcv() != null) {
            throw new BadRequestException("kcv is only accepted when importing (PUT)");
        }
        checkRequest(request);
        if (request.pubExponent() != null && request.pubExponent() != RSA_PUBLIC_EXPONENT) {
            throw new BadRequestException("pub_exponent must be 65537");
        }
        ObjectMaterial material = ObjectKeys.generate(request.type(), request.keySize(), request.curve());
        return insert(principal, request, material, SecurityObject.Origin.FORTANIX_HSM);
    }

    /** Imports the given material ({@code PUT /crypto/v1/keys}). */
    public SecurityObject importObject(Principal principal, NewSecurityObject request) {
        if (request.value() == null) {
            throw new BadRequestException("value is required to import a security object");
        }
        if (request.keySize() != null || request.curve() != null || request.pubExponent() != null) {
            throw new BadRequestException("key_size, elliptic_curve and pub_exponent follow from an imported value; "
                    + "omit them");
        }
        checkRequest(request);
        ObjectMaterial material = ObjectKeys.importValue(request.type(), request.value());
        if (request.kcv() != null && !request.kcv().equalsIgnoreCase(String.valueOf(material.kcv()))) {
            material.destroy();
            throw new BadRequestException("kcv does not match the imported key");
        }
        return insert(principal, request, material, SecurityObject.Origin.EXTERNAL);
    }

    private static void checkRequest(NewSecurityObject request) {
        Limits.checkName(request.name(), true);
        Limits.checkDescription(request.description());
        Limits.checkMetadata(request.customMetadata());
        if (request.type() == null) {
            throw new BadRequestException("obj_type is required");
        }
    }

    private SecurityObject insert(Principal principal, NewSecurityObject request, ObjectMaterial material,
            SecurityObject.Origin origin) {
        UUID acctId = ActingAccount.of(principal);
        byte[] value = material.value();
        try {
            SecurityObject object = new SecurityObject(UUID.randomUUID(), acctId, null, request.name(),
                    material.type(), material.keySize(), material.curve(),
                    KeyOpsRules.resolve(material.type(), request.keyOps()),
                    request.enabled() == null || request.enabled(), SecurityObject.State.ACTIVE, origin,
                    !material.hasSecret(), request.customMetadata(), request.description(), Creator.of(principal),
                    now(), null, material.publicKey(), material.kcv());
            byte[] sealed = sealer.seal(value, SealingContext.securityObject(acctId, object.kid()));
            return store.transaction(tx -> {
                UUID groupId = targetGroup(tx, principal, request.groupId());
                // A read-only replica says so first; then the group is found before its permission is
                // checked, so another account's group answers 404 like a missing one, not 403.
                AccountContent.requireWritable(AccessPolicy.requireMembership(tx, principal, acctId), principal);
                tx.groups().byId(acctId, groupId).orElseThrow(() -> new NotFoundException("group not found"));
                AccessPolicy.requireInGroup(tx, principal, acctId, groupId, GroupPermission.CREATE_SOBJECTS);
                tx.groups().lockById(acctId, groupId).orElseThrow(() -> new NotFoundException("group not found"));
                SecurityObject placed = withGroup(object, groupId);
                if (!tx.securityObjects().insert(SecurityObjects.toRecord(placed, sealed, sealer.currentVersion()))) {
                    throw nameTaken();
                }
                return placed;
            });
        } finally {
            Arrays.fill(value, (byte) 0);
            material.destroy();
        }
    }

    /** The named group, or an app's default group; a user must name one. */
    private static UUID targetGroup(Tx tx, Principal principal, UUID requested) {
        if (requested != null) {
            return requested;
        }
        if (principal instanceof AppPrincipal app) {
            return tx.appGroups().of(app.appId()).stream().filter(AppGroupRecord::isDefault)
                    .map(AppGroupRecord::groupId).findFirst()
                    .orElseThrow(() -> new BadRequestException("group_id is required: the app has no default group"));
        }
        throw new BadRequestException("group_id is required");
    }

    public SecurityObjectListing list(Principal principal, SecurityObjectQuery query) {
        UUID acctId = ActingAccount.of(principal);
        int offset = Limits.offset(query.offset());
        int limit = Limits.limit(query.limit(), Limits.MAX_PAGE);
        SecurityObjectSort sort = query.sort() == null ? SecurityObjectSort.KID_ASC : query.sort();
        KeysetStart start = query.start() == null ? null : KeysetStart.at(startKey(sort, query.start()));
        return store.read(tx -> {
            GroupScope scope = AccessPolicy.visibleGroups(tx, principal, acctId);
            if (scope.isEmpty()) {
                return new SecurityObjectListing(List.of(), 0, 0);
            }
            SecurityObjectFilter all = new SecurityObjectFilter(null, null, null, scope.appId());
            SecurityObjectFilter filter = new SecurityObjectFilter(query.groupId(), query.name(),
                    query.type() == null ? null : query.type().wireName(), scope.appId());
            List<SecurityObject> items = tx.securityObjects().list(acctId, filter, sort, start, offset, limit)
                    .stream().map(SecurityObjects::toDomain).toList();
            return new SecurityObjectListing(items, tx.securityObjects().count(acctId, all),
                    tx.securityObjects().count(acctId, filter));
        });
    }

    /** Kids are stored in canonical lower case, so a kid start must be a UUID in that form. */
    private static String startKey(SecurityObjectSort sort, String start) {
        if (sort == SecurityObjectSort.KID_ASC || sort == SecurityObjectSort.KID_DESC) {
            return Identifiers.uuid("start", start).toString();
        }
        return start;
    }

    public SecurityObject get(Principal principal, KeyRef ref) {
        UUID acctId = ActingAccount.of(principal);
        return store.read(tx -> {
            AccessPolicy.requireMembership(tx, principal, acctId);
            SecurityObjectRecord record = SecurityObjects.find(tx, acctId, ref);
            AccessPolicy.requireInGroup(tx, principal, acctId, record.groupId(), GroupPermission.GET_SOBJECTS);
            return SecurityObjects.toDomain(record);
        });
    }

    public SecurityObject update(Principal principal, UUID kid, SecurityObjectChanges changes) {
        Limits.checkName(changes.name(), false);
        Limits.checkDescription(changes.description());
        Limits.checkMetadata(changes.customMetadata());
        UUID acctId = ActingAccount.of(principal);
        return store.transaction(tx -> {
            AccessPolicy.requireMembership(tx, principal, acctId);
            SecurityObjectRecord record = tx.securityObjects().lockById(acctId, kid)
                    .orElseThrow(SecurityObjects::notFound);
            SecurityObject current = SecurityObjects.toDomain(record);
            AccountRecord account = requireChangePermissions(tx, principal, current, changes);
            AccountContent.requireWritable(account, principal);
            SecurityObject updated = new SecurityObject(current.kid(), acctId, current.groupId(),
                    changes.name() != null ? changes.name() : current.name(), current.type(), current.keySize(),
                    current.curve(), changes.keyOps() != null ? KeyOpsRules.resolve(current.type(), changes.keyOps())
                            : current.keyOps(),
                    changes.enabled() != null ? changes.enabled() : current.enabled(), current.state(),
                    current.origin(), current.publicOnly(),
                    changes.customMetadata() != null ? changes.customMetadata() : current.customMetadata(),
                    changes.description() != null ? changes.description() : current.description(),
                    current.creator(), current.createdAt(), current.lastusedAt(), current.pubKey(), current.kcv());
            if (!tx.securityObjects().update(SecurityObjects.toRecord(updated, record.sealedMaterial(),
                    record.masterKeyVersion()))) {
                throw nameTaken();
            }
            return updated;
        });
    }

    /** Each kind of change needs its own group permission, as DSM's. */
    private static AccountRecord requireChangePermissions(Tx tx, Principal principal, SecurityObject current,
            SecurityObjectChanges changes) {
        UUID acctId = current.acctId();
        UUID groupId = current.groupId();
        AccountRecord account = AccessPolicy.requireMembership(tx, principal, acctId);
        if (changes.name() != null || changes.description() != null || changes.customMetadata() != null) {
            account = AccessPolicy.requireInGroup(tx, principal, acctId, groupId,
                    GroupPermission.UPDATE_SOBJECTS_PROFILE);
        }
        if (changes.enabled() != null) {
            account = AccessPolicy.requireInGroup(tx, principal, acctId, groupId,
                    GroupPermission.UPDATE_SOBJECTS_ENABLED_STATE);
        }
        if (changes.keyOps() != null) {
            account = AccessPolicy.requireInGroup(tx, principal, acctId, groupId, GroupPermission.UPDATE_KEY_OPS);
        }
        return account;
    }

    public void delete(Principal principal, UUID kid) {
        UUID acctId = ActingAccount.of(principal);
        store.transaction(tx -> {
            AccessPolicy.requireMembership(tx, principal, acctId);
            SecurityObjectRecord record = tx.securityObjects().lockById(acctId, kid)
                    .orElseThrow(SecurityObjects::notFound);
            AccountRecord account = AccessPolicy.requireInGroup(tx, principal, acctId, record.groupId(),
                    GroupPermission.DELETE_SOBJECTS);
            AccountContent.requireWritable(account, principal);
            tx.securityObjects().delete(acctId, kid);
            return null;
        });
    }

    /**
     * The object with its material: only when the object permits {@code EXPORT} and the caller may
     * export from its group (403 naming the reason otherwise).
     */
    public ExportedObject export(Principal principal, KeyRef ref) {
        UUID acctId = ActingAccount.of(principal);
        SecurityObjectRecord record = store.read(tx -> {
            AccessPolicy.requireMembership(tx, principal, acctId);
            SecurityObjectRecord found = SecurityObjects.find(tx, acctId, ref);
            AccessPolicy.requireInGroup(tx, principal, acctId, found.groupId(), GroupPermission.EXPORT_SOBJECTS);
            return found;
        });
        SecurityObject object = SecurityObjects.toDomain(record);
        if (!object.keyOps().contains(KeyOperation.EXPORT)) {
            throw new ForbiddenException("the security object does not permit EXPORT (key_ops)");
        }
        return new ExportedObject(object, SecurityObjects.open(sealer, record));
    }

    private Instant now() {
        return Instant.ofEpochSecond(clock.instant().getEpochSecond());
    }

    private static SecurityObject withGroup(SecurityObject o, UUID groupId) {
        return new SecurityObject(o.kid(), o.acctId(), groupId, o.name(), o.type(), o.keySize(), o.curve(), o.keyOps(),
                o.enabled(), o.state(), o.origin(), o.publicOnly(), o.customMetadata(), o.description(), o.creator(),
                o.createdAt(), o.lastusedAt(), o.pubKey(), o.kcv());
    }

    private static ConflictException nameTaken() {
        return new ConflictException("a security object with this name already exists in the account");
    }
}
