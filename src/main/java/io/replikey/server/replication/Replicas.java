package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.server.store.Creator;
import io.replikey.server.store.GroupRecord;
import io.replikey.server.store.SecurityObjectRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Maps what the source lists to the destination's rows, keeping the source's ids and the fields
 * DSM returns, and decides what a rescan must write or export. Stateless.
 */
final class Replicas {
    /** DSM's {@code origin} of a key imported from elsewhere: what a replica is when the source omits it. */
    static final String EXTERNAL_ORIGIN = "External";
    /** The store's column width for a creator's variant. */
    private static final int MAX_CREATOR_KIND = 16;
    private static final Creator UNKNOWN_CREATOR = new Creator("system", null);

    private Replicas() {
    }

    static GroupRecord group(UUID acctId, SourceGroup group, long now) {
        return new GroupRecord(group.groupId(), acctId, group.name(), group.description(), group.customMetadata(),
                creator(group.raw()), epoch(group.createdAt(), now));
    }

    /**
     * The destination row of a listed or exported object: {@code sealed} and {@code version} are
     * its sealed material (both null when the source refused export), {@code lastusedAt} is the
     * destination's own record of use, kept across scans.
     */
    static SecurityObjectRecord object(UUID acctId, SourceObject o, byte[] sealed, Integer version, Long lastusedAt,
            long now) {
        JsonNode raw = o.raw();
        String origin = raw.path("origin").isTextual() ? raw.get("origin").textValue() : EXTERNAL_ORIGIN;
        boolean publicOnly = raw.path("public_only").isBoolean() && raw.get("public_only").booleanValue();
        return new SecurityObjectRecord(o.kid(), acctId, o.groupId(), o.name() != null ? o.name() : o.kid().toString(),
                o.objType(), o.keySize(), o.ellipticCurve(), o.keyOps() == null ? List.of() : o.keyOps(),
                o.enabled() == null || o.enabled(), o.state(), origin, publicOnly, o.customMetadata(), o.description(),
                creator(raw), epoch(o.createdAt(), now), lastusedAt, o.pubKey(), o.kcv(), sealed, version);
    }

    /**
     * True when the stored material may no longer be the source's: the object is new, has no
     * material yet (a refusal may have been temporary, so it is asked again while the source says
     * it is exportable), or its {@code kcv} or {@code pub_key} differs where the source gives them.
     */
    static boolean needsExport(SecurityObjectRecord stored, SourceObject listed) {
        if (stored == null) {
            return true;
        }
        if (!stored.hasMaterial()) {
            return listed.exportable();
        }
        byte[] pubKey = listed.pubKey();
        return (listed.kcv() != null && !listed.kcv().equals(stored.kcv()))
                || (pubKey != null && !Arrays.equals(pubKey, stored.pubKey()));
    }

    /**
     * The row renamed aside, so that the name it holds can go to the object the source now gives
     * it. The id makes the new name unique; the next write of the row restores the source's name.
     */
    static SecurityObjectRecord displaced(SecurityObjectRecord o) {
        return new SecurityObjectRecord(o.kid(), o.acctId(), o.groupId(), displacedName(o.kid()), o.objType(),
                o.keySize(), o.ellipticCurve(), o.keyOps(), o.enabled(), o.state(), o.origin(), o.publicOnly(),
                o.customMetadata(), o.description(), o.creator(), o.createdAt(), o.lastusedAt(), o.pubKey(), o.kcv(),
                o.sealedMaterial(), o.masterKeyVersion());
    }

    /** As {@link #displaced(SecurityObjectRecord)}, for a group. */
    static GroupRecord displaced(GroupRecord g) {
        return new GroupRecord(g.groupId(), g.acctId(), displacedName(g.groupId()), g.description(),
                g.customMetadata(), g.creator(), g.createdAt());
    }

    private static String displacedName(UUID id) {
        return "replikey: renamed at the source " + id;
    }

    /** True when the two rows hold the same values (records compare arrays by identity). */
    static boolean same(SecurityObjectRecord a, SecurityObjectRecord b) {
        return a.kid().equals(b.kid()) && a.acctId().equals(b.acctId()) && a.groupId().equals(b.groupId())
                && a.name().equals(b.name()) && a.objType().equals(b.objType())
                && Objects.equals(a.keySize(), b.keySize()) && Objects.equals(a.ellipticCurve(), b.ellipticCurve())
                && Objects.equals(a.keyOps(), b.keyOps()) && a.enabled() == b.enabled()
                && Objects.equals(a.state(), b.state()) && Objects.equals(a.origin(), b.origin())
                && a.publicOnly() == b.publicOnly() && Objects.equals(a.customMetadata(), b.customMetadata())
                && Objects.equals(a.description(), b.description()) && Objects.equals(a.creator(), b.creator())
                && a.createdAt() == b.createdAt() && Objects.equals(a.lastusedAt(), b.lastusedAt())
                && Arrays.equals(a.pubKey(), b.pubKey()) && Objects.equals(a.kcv(), b.kcv())
                && Arrays.equals(a.sealedMaterial(), b.sealedMaterial())
                && Objects.equals(a.masterKeyVersion(), b.masterKeyVersion());
    }

    /** DSM's {@code creator} is an object with one field naming the principal's variant, e.g. {@code {"app": id}}. */
    private static Creator creator(JsonNode raw) {
        JsonNode creator = raw.path("creator");
        if (!creator.isObject() || creator.size() != 1) {
            return UNKNOWN_CREATOR;
        }
        String kind = creator.fieldNames().next();
        if (kind.length() > MAX_CREATOR_KIND) {
            return UNKNOWN_CREATOR;
        }
        JsonNode id = creator.get(kind);
        try {
            return new Creator(kind, id.isTextual() ? UUID.fromString(id.textValue()) : null);
        } catch (IllegalArgumentException e) {
            return new Creator(kind, null);
        }
    }

    private static long epoch(Instant time, long fallback) {
        return time == null ? fallback : time.getEpochSecond();
    }
}
