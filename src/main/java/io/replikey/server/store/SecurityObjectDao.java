package io.replikey.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Data access for {@code security_objects}. Every lookup is scoped to an account, so another
 * account's object is simply not found. The material is opaque sealed bytes here. Bound to one
 * handle; not thread-safe.
 */
public final class SecurityObjectDao {
    private static final RowMapper<SecurityObjectRecord> MAPPER = (rs, ctx) -> new SecurityObjectRecord(
            UUID.fromString(rs.getString("kid")), UUID.fromString(rs.getString("acct_id")),
            UUID.fromString(rs.getString("group_id")), rs.getString("name"), rs.getString("obj_type"),
            Columns.nullableInt(rs, "key_size"), rs.getString("elliptic_curve"),
            ColumnCodecs.fromWords(rs.getString("key_ops")), rs.getBoolean("enabled"), rs.getString("state"),
            rs.getString("origin"), rs.getBoolean("public_only"), ColumnCodecs.fromJson(rs.getString("custom_metadata")),
            rs.getString("description"),
            new Creator(rs.getString("creator_kind"), Columns.nullableUuid(rs, "creator_id")),
            rs.getLong("created_at"), Columns.nullableLong(rs, "lastused_at"),
            ColumnCodecs.fromBase64(rs.getString("pub_key")), rs.getString("kcv"),
            ColumnCodecs.fromBase64(rs.getString("sealed_material")), Columns.nullableInt(rs, "master_key_version"));

    private final Handle handle;
    private final Dialect dialect;

    SecurityObjectDao(Handle handle, Dialect dialect) {
        this.handle = handle;
        this.dialect = dialect;
    }

    /**
     * Inserts the object; returns false, inserting nothing, when its name is taken in the account
     * (or its kid anywhere). Its group must exist in the account: lock it first
     * ({@link GroupDao#lockById}) so a concurrent group deletion cannot slip in between.
     */
    public boolean insert(SecurityObjectRecord object) {
        return bindAll(handle.createUpdate("""
                INSERT INTO security_objects (kid, acct_id, group_id, name, obj_type, key_size, elliptic_curve,
                    key_ops, enabled, state, origin, public_only, custom_metadata, description, creator_kind,
                    creator_id, created_at, lastused_at, pub_key, kcv, sealed_material, master_key_version)
                VALUES (:kid, :acct, :group, :name, :type, :size, :curve, :ops, :enabled, :state, :origin, :publicOnly,
                    :metadata, :description, :creatorKind, :creatorId, :created, :lastused, :pub, :kcv, :sealed, :mkv)
                ON CONFLICT DO NOTHING"""), object).execute() == 1;
    }

    /**
     * Writes every column but the kid and the account (a replica's scan rewrites an object whole);
     * false, changing nothing, when the new name is taken in the account.
     */
    public boolean update(SecurityObjectRecord object) {
        return UniqueWrites.unlessTaken(handle, dialect, () -> bindAll(handle.createUpdate("""
                UPDATE security_objects SET group_id = :group, name = :name, obj_type = :type, key_size = :size,
                    elliptic_curve = :curve, key_ops = :ops, enabled = :enabled, state = :state, origin = :origin,
                    public_only = :publicOnly, custom_metadata = :metadata, description = :description,
                    creator_kind = :creatorKind, creator_id = :creatorId, created_at = :created,
                    lastused_at = :lastused, pub_key = :pub, kcv = :kcv, sealed_material = :sealed,
                    master_key_version = :mkv
                WHERE acct_id = :acct AND kid = :kid"""), object).execute()) >= 0;
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, SecurityObjectRecord o) {
        return statement.bind("kid", o.kid().toString()).bind("acct", o.acctId().toString())
                .bind("group", o.groupId().toString()).bind("name", o.name()).bind("type", o.objType())
                .bind("size", o.keySize()).bind("curve", o.ellipticCurve())
                .bind("ops", ColumnCodecs.words(o.keyOps())).bind("enabled", o.enabled()).bind("state", o.state())
                .bind("origin", o.origin()).bind("publicOnly", o.publicOnly())
                .bind("metadata", ColumnCodecs.json(o.customMetadata())).bind("description", o.description())
                .bind("creatorKind", o.creator().kind()).bind("creatorId", ColumnCodecs.id(o.creator().id()))
                .bind("created", o.createdAt()).bind("lastused", o.lastusedAt())
                .bind("pub", ColumnCodecs.base64(o.pubKey())).bind("kcv", o.kcv())
                .bind("sealed", ColumnCodecs.base64(o.sealedMaterial())).bind("mkv", o.masterKeyVersion());
    }

    public Optional<SecurityObjectRecord> byId(UUID acctId, UUID kid) {
        return handle.createQuery("SELECT * FROM security_objects WHERE acct_id = :acct AND kid = :kid")
                .bind("acct", acctId.toString()).bind("kid", kid.toString()).map(MAPPER).findOne();
    }

    /**
     * Up to {@code limit} of the account's kids after {@code after} (null: from the first), in kid
     * order: what a walk over the whole account needs, without reading the rows.
     */
    public List<UUID> kids(UUID acctId, UUID after, int limit) {
        Query query = handle.createQuery("SELECT kid FROM security_objects WHERE acct_id = :acct"
                + (after == null ? "" : " AND kid > :after") + " ORDER BY kid LIMIT :limit")
                .bind("acct", acctId.toString()).bind("limit", limit);
        if (after != null) {
            query.bind("after", after.toString());
        }
        return query.map((rs, ctx) -> UUID.fromString(rs.getString("kid"))).list();
    }

    /** The account's objects among {@code kids} (at most a few hundred: one SQL parameter each), in no order. */
    public List<SecurityObjectRecord> byIds(UUID acctId, Collection<UUID> kids) {
        if (kids.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT * FROM security_objects WHERE acct_id = :acct AND kid IN (<kids>)")
                .bind("acct", acctId.toString()).bindList("kids", kids.stream().map(UUID::toString).toList())
                .map(MAPPER).list();
    }

    /** The object, locked until the transaction ends (see {@link Dialect#lockingSuffix}). */
    public Optional<SecurityObjectRecord> lockById(UUID acctId, UUID kid) {
        return handle.createQuery("SELECT * FROM security_objects WHERE acct_id = :acct AND kid = :kid"
                        + dialect.lockingSuffix())
                .bind("acct", acctId.toString()).bind("kid", kid.toString()).map(MAPPER).findOne();
    }

    public Optional<SecurityObjectRecord> byName(UUID acctId, String name) {
        return handle.createQuery("SELECT * FROM security_objects WHERE acct_id = :acct AND name = :name")
                .bind("acct", acctId.toString()).bind("name", name).map(MAPPER).findOne();
    }

    /**
     * One page of the account's objects that pass {@code filter}, in {@code sort} order: from
     * {@code start} on (nullable: from the beginning), skipping {@code offset}, at most
     * {@code limit}. For kid orders, {@code start} is a kid in canonical lower-case form.
     */
    public List<SecurityObjectRecord> list(UUID acctId, SecurityObjectFilter filter, SecurityObjectSort sort,
            KeysetStart start, int offset, int limit) {
        String sql = "SELECT * FROM security_objects WHERE " + conditions(filter)
                + (start == null ? "" : " AND " + sort.startCondition(start))
                + " ORDER BY " + sort.orderBy() + " LIMIT :limit OFFSET :offset";
        Query query = bindFilter(handle.createQuery(sql), acctId, filter).bind("limit", limit).bind("offset", offset);
        if (start != null) {
            query.bind("start", start.key());
        }
        return query.map(MAPPER).list();
    }

    /** How many objects pass {@code filter}: the listing's total from the beginning. */
    public long count(UUID acctId, SecurityObjectFilter filter) {
        return bindFilter(handle.createQuery("SELECT COUNT(*) FROM security_objects WHERE " + conditions(filter)),
                acctId, filter).mapTo(Long.class).one();
    }

    private static String conditions(SecurityObjectFilter filter) {
        return "acct_id = :acct"
                + (filter.groupId() == null ? "" : " AND group_id = :group")
                + (filter.name() == null ? "" : " AND name = :name")
                + (filter.objType() == null ? "" : " AND obj_type = :type")
                + (filter.visibleToApp() == null ? ""
                        : " AND group_id IN (SELECT group_id FROM app_groups WHERE app_id = :app)");
    }

    private static Query bindFilter(Query query, UUID acctId, SecurityObjectFilter filter) {
        query.bind("acct", acctId.toString());
        if (filter.groupId() != null) {
            query.bind("group", filter.groupId().toString());
        }
        if (filter.name() != null) {
            query.bind("name", filter.name());
        }
        if (filter.objType() != null) {
            query.bind("type", filter.objType());
        }
        if (filter.visibleToApp() != null) {
            query.bind("app", filter.visibleToApp().toString());
        }
        return query;
    }

    /**
     * The first {@code limit} of the account's objects held without material, in kid order: in a
     * replica, those whose export the source refused.
     */
    public List<SecurityObjectRecord> withoutMaterial(UUID acctId, int limit) {
        return handle.createQuery("SELECT * FROM security_objects WHERE acct_id = :acct AND sealed_material IS NULL"
                        + " ORDER BY kid LIMIT :limit")
                .bind("acct", acctId.toString()).bind("limit", limit).map(MAPPER).list();
    }

    /** Records a use of the object. */
    public void touch(UUID acctId, UUID kid, long now) {
        handle.createUpdate("UPDATE security_objects SET lastused_at = :now WHERE acct_id = :acct AND kid = :kid")
                .bind("now", now).bind("acct", acctId.toString()).bind("kid", kid.toString()).execute();
    }

    /** Deletes the object; returns false when it did not exist. */
    public boolean delete(UUID acctId, UUID kid) {
        return handle.createUpdate("DELETE FROM security_objects WHERE acct_id = :acct AND kid = :kid")
                .bind("acct", acctId.toString()).bind("kid", kid.toString()).execute() == 1;
    }
}
