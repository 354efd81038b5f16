package io.replikey.server.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Data access for {@code groups}. Every lookup is scoped to an account, so another account's
 * group is simply not found. Bound to one handle; not thread-safe.
 */
public final class GroupDao {
    private static final RowMapper<GroupRecord> MAPPER = (rs, ctx) -> new GroupRecord(
            UUID.fromString(rs.getString("group_id")), UUID.fromString(rs.getString("acct_id")),
            rs.getString("name"), rs.getString("description"), ColumnCodecs.fromJson(rs.getString("custom_metadata")),
            new Creator(rs.getString("creator_kind"), Columns.nullableUuid(rs, "creator_id")),
            rs.getLong("created_at"));
    private static final String VISIBLE_TO_APP =
            " AND group_id IN (SELECT group_id FROM app_groups WHERE app_id = :app)";

    /** What {@link #delete} did. */
    public enum Deletion { DELETED, NOT_FOUND, HOLDS_OBJECTS }

    private final Handle handle;
    private final Dialect dialect;

    GroupDao(Handle handle, Dialect dialect) {
        this.handle = handle;
        this.dialect = dialect;
    }

    /** Inserts the group; returns false, inserting nothing, when its name (or id) is taken. */
    public boolean insert(GroupRecord group) {
        return bindAll(handle.createUpdate("""
                INSERT INTO groups (group_id, acct_id, name, description, custom_metadata, creator_kind, creator_id,
                                    created_at)
                VALUES (:id, :acct, :name, :description, :metadata, :creatorKind, :creatorId, :created)
                ON CONFLICT DO NOTHING"""), group)
                .bind("creatorKind", group.creator().kind()).bind("creatorId", ColumnCodecs.id(group.creator().id()))
                .bind("created", group.createdAt()).execute() == 1;
    }

    /** Writes the group's name, description and custom metadata; false when the new name is taken. */
    public boolean update(GroupRecord group) {
        return UniqueWrites.unlessTaken(handle, dialect, () -> bindAll(handle.createUpdate("""
                UPDATE groups SET name = :name, description = :description, custom_metadata = :metadata
                WHERE acct_id = :acct AND group_id = :id"""), group).execute()) >= 0;
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, GroupRecord g) {
        return statement.bind("id", g.groupId().toString()).bind("acct", g.acctId().toString())
                .bind("name", g.name()).bind("description", g.description())
                .bind("metadata", ColumnCodecs.json(g.customMetadata()));
    }

    public Optional<GroupRecord> byId(UUID acctId, UUID groupId) {
        return handle.createQuery("SELECT * FROM groups WHERE acct_id = :acct AND group_id = :id")
                .bind("acct", acctId.toString()).bind("id", groupId.toString()).map(MAPPER).findOne();
    }

    /**
     * The group, locked until the transaction ends (see {@link Dialect#lockingSuffix}): a rule
     * checked after this read, such as "holds no objects", cannot be raced by a writer that
     * puts an object into the group, because that writer's foreign-key check waits for the lock.
     */
    public Optional<GroupRecord> lockById(UUID acctId, UUID groupId) {
        return handle.createQuery("SELECT * FROM groups WHERE acct_id = :acct AND group_id = :id"
                        + dialect.lockingSuffix())
                .bind("acct", acctId.toString()).bind("id", groupId.toString()).map(MAPPER).findOne();
    }

    public Optional<GroupRecord> byName(UUID acctId, String name) {
        return handle.createQuery("SELECT * FROM groups WHERE acct_id = :acct AND name = :name")
                .bind("acct", acctId.toString()).bind("name", name).map(MAPPER).findOne();
    }

    /**
     * One page of the account's groups in group-id order: those after {@code after} (exclusive;
     * null from the start), skipping {@code offset}, at most {@code limit}. Paging by the last
     * id returned sees every group that exists throughout exactly once. {@code visibleToApp}
     * (nullable) keeps only the groups that app belongs to.
     */
    public List<GroupRecord> list(UUID acctId, UUID visibleToApp, UUID after, int offset, int limit) {
        String sql = "SELECT * FROM groups WHERE acct_id = :acct"
                + (visibleToApp == null ? "" : VISIBLE_TO_APP)
                + (after == null ? "" : " AND group_id > :after")
                + " ORDER BY group_id LIMIT :limit OFFSET :offset";
        var query = handle.createQuery(sql).bind("acct", acctId.toString())
                .bind("limit", limit).bind("offset", offset);
        if (visibleToApp != null) {
            query.bind("app", visibleToApp.toString());
        }
        if (after != null) {
            query.bind("after", after.toString());
        }
        return query.map(MAPPER).list();
    }

    /** How many groups {@link #list} pages through from the start. */
    public long count(UUID acctId, UUID visibleToApp) {
        var query = handle.createQuery("SELECT COUNT(*) FROM groups WHERE acct_id = :acct"
                + (visibleToApp == null ? "" : VISIBLE_TO_APP)).bind("acct", acctId.toString());
        if (visibleToApp != null) {
            query.bind("app", visibleToApp.toString());
        }
        return query.mapTo(Long.class).one();
    }

    /**
     * Deletes the group unless it holds security objects (DSM answers 409 then). Locks the group
     * before looking for objects, so the answer holds against concurrent writers on any node.
     * The group's app memberships go with it.
     */
    public Deletion delete(UUID acctId, UUID groupId) {
        if (lockById(acctId, groupId).isEmpty()) {
            return Deletion.NOT_FOUND;
        }
        boolean holdsObjects = handle.createQuery(
                        "SELECT EXISTS (SELECT 1 FROM security_objects WHERE acct_id = :acct AND group_id = :id)")
                .bind("acct", acctId.toString()).bind("id", groupId.toString()).mapTo(Boolean.class).one();
        if (holdsObjects) {
            return Deletion.HOLDS_OBJECTS;
        }
        handle.createUpdate("DELETE FROM groups WHERE acct_id = :acct AND group_id = :id")
                .bind("acct", acctId.toString()).bind("id", groupId.toString()).execute();
        return Deletion.DELETED;
    }
}
