package io.replikey.server.service;

import io.replikey.server.crypto.EllipticCurve;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.domain.SecurityObject;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.store.SecurityObjectRecord;
import io.replikey.server.store.Tx;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the key and crypto services share: finding an object of an account (another account's
 * answers as a missing one), opening its sealed material, and rows to domain values. Stateless.
 */
final class SecurityObjects {
    private SecurityObjects() {
    }

    static SecurityObjectRecord find(Tx tx, UUID acctId, KeyRef ref) {
        return (ref.kid() != null ? tx.securityObjects().byId(acctId, ref.kid())
                : tx.securityObjects().byName(acctId, ref.name())).orElseThrow(SecurityObjects::notFound);
    }

    static NotFoundException notFound() {
        return new NotFoundException("security object not found");
    }

    /** The plaintext material; the caller zeroes it. */
    static byte[] open(KeySealer sealer, SecurityObjectRecord record) {
        if (!record.hasMaterial()) {
            throw new ConflictException("the source did not export this object's material");
        }
        return sealer.open(record.sealedMaterial(), SealingContext.securityObject(record.acctId(), record.kid()));
    }

    static SecurityObject toDomain(SecurityObjectRecord r) {
        Set<KeyOperation> ops = r.keyOps().isEmpty() ? EnumSet.noneOf(KeyOperation.class)
                : r.keyOps().stream().map(KeyOperation::valueOf)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(KeyOperation.class)));
        return new SecurityObject(r.kid(), r.acctId(), r.groupId(), r.name(), ObjectType.valueOf(r.objType()),
                r.keySize(), r.ellipticCurve() == null ? null : EllipticCurve.parse(r.ellipticCurve()), ops,
                r.enabled(), r.state() == null ? SecurityObject.State.ACTIVE
                        : SecurityObject.State.fromWireName(r.state()),
                SecurityObject.Origin.fromWireName(r.origin()), r.publicOnly(), r.customMetadata(), r.description(),
                AccountContent.fromStore(r.creator()), Instant.ofEpochSecond(r.createdAt()),
                r.lastusedAt() == null ? null : Instant.ofEpochSecond(r.lastusedAt()), r.pubKey(), r.kcv());
    }

    /** The row of {@code o}, with the given sealed material. */
    static SecurityObjectRecord toRecord(SecurityObject o, byte[] sealed, Integer masterKeyVersion) {
        return new SecurityObjectRecord(o.kid(), o.acctId(), o.groupId(), o.name(), o.type().wireName(), o.keySize(),
                o.curve() == null ? null : o.curve().wireName(),
                o.keyOps().stream().map(KeyOperation::wireName).toList(), o.enabled(), o.state().wireName(),
                o.origin().wireName(), o.publicOnly(), o.customMetadata(), o.description(),
                AccountContent.toStore(o.creator()), o.createdAt().getEpochSecond(),
                o.lastusedAt() == null ? null : o.lastusedAt().getEpochSecond(), o.pubKey(), o.kcv(), sealed,
                masterKeyVersion);
    }
}
