package io.replikey.server.http;

import io.replikey.server.crypto.EllipticCurve;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.domain.SecurityObject;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.service.NewSecurityObject;
import io.replikey.server.service.SecurityObjectChanges;
import io.replikey.wire.Sobject;
import io.replikey.wire.SobjectDescriptor;
import io.replikey.wire.SobjectRequest;
import io.replikey.wire.SobjectState;
import io.replikey.wire.WireTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Security objects between the DSM wire and the domain. Material appears on the wire only in
 * an export's {@code value}. Stateless.
 */
final class SobjectWire {
    private SobjectWire() {
    }

    static NewSecurityObject newObject(SobjectRequest r) {
        if (r.state() != null && r.state() != SobjectState.Active) {
            throw new BadRequestException("state: replikey creates Active objects only");
        }
        return new NewSecurityObject(r.name(), r.description(), r.objType() == null ? null : type(r.objType()),
                keySize(r.keySize()), r.ellipticCurve() == null ? null : EllipticCurve.parse(r.ellipticCurve().name()),
                r.pubExponent(), keyOps(r.keyOps()), r.enabled(), r.customMetadata(), r.groupId(), r.value(), r.kcv());
    }

    static SecurityObjectChanges changes(SobjectRequest r) {
        List<String> fixed = new ArrayList<>();
        add(fixed, "obj_type", r.objType());
        add(fixed, "key_size", r.keySize());
        add(fixed, "elliptic_curve", r.ellipticCurve());
        add(fixed, "pub_exponent", r.pubExponent());
        add(fixed, "value", r.value());
        add(fixed, "kcv", r.kcv());
        add(fixed, "group_id", r.groupId());
        add(fixed, "state", r.state());
        if (!fixed.isEmpty()) {
            throw new BadRequestException("cannot be changed by replikey: " + String.join(", ", fixed));
        }
        return new SecurityObjectChanges(r.name(), r.description(), keyOps(r.keyOps()), r.enabled(),
                r.customMetadata());
    }

    private static void add(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }

    static KeyRef keyRef(SobjectDescriptor descriptor) {
        return descriptor.kid() != null ? KeyRef.byKid(descriptor.kid()) : KeyRef.byName(descriptor.name());
    }

    static ObjectType type(io.replikey.wire.ObjectType type) {
        return ObjectType.parse(type.name());
    }

    private static Integer keySize(Long bits) {
        if (bits == null) {
            return null;
        }
        if (bits < 1 || bits > Integer.MAX_VALUE) {
            throw new BadRequestException("key_size is out of range");
        }
        return bits.intValue();
    }

    private static Set<KeyOperation> keyOps(List<io.replikey.wire.KeyOperation> ops) {
        if (ops == null) {
            return null;
        }
        Set<KeyOperation> set = EnumSet.noneOf(KeyOperation.class);
        for (io.replikey.wire.KeyOperation op : ops) {
            if (op == null) {
                throw new BadRequestException("key_ops holds null");
            }
            set.add(KeyOperation.valueOf(op.name()));
        }
        return set;
    }

    /** The object without material; {@code value} is added only by export. */
    static Sobject toWire(SecurityObject o, byte[] value) {
        return new Sobject(o.acctId(), o.kid(), o.name(), io.replikey.wire.ObjectType.valueOf(o.type().wireName()),
                o.keySize() == null ? null : o.keySize().longValue(),
                o.curve() == null ? null : io.replikey.wire.EllipticCurve.valueOf(o.curve().wireName()),
                o.keyOps().stream().map(op -> io.replikey.wire.KeyOperation.valueOf(op.wireName())).toList(),
                o.enabled(), SobjectState.valueOf(o.state().wireName()), o.customMetadata(), o.description(),
                WireTime.format(o.createdAt().getEpochSecond()),
                o.lastusedAt() == null ? null : WireTime.format(o.lastusedAt().getEpochSecond()),
                GroupHandler.creator(o.creator()), o.groupId(), o.pubKey(), o.kcv(),
                io.replikey.wire.ObjectOrigin.valueOf(o.origin().wireName()), o.publicOnly(), value);
    }
}
