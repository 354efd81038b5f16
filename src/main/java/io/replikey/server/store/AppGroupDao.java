package io.replikey.server.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Data access for {@code app_groups}: which groups an app belongs to, with which permissions,
 * and which of them is its default group. The database keeps both ends in one account and drops
 * a membership with its app or group. Bound to one handle; not thread-safe.
 */
public final class AppGroupDao {
    private static final RowMapper<AppGroupRecord> MAPPER = (rs, ctx) -> new AppGroupRecord(
            UUID.fromString(rs.getString("app_id")), UUID.fromString(rs.getString("group_id")),
            ColumnCodecs.fromWords(rs.getString("permissions")), rs.getBoolean("is_default"));

    private final Handle handle;

    AppGroupDao(Handle handle) {
        this.handle = handle;
    }

    /**
     * Adds the app to the group, or replaces its permissions and default flag there. Making the
     * group the default takes that flag from the app's previous default group. Returns false,
     * changing nothing, when the app or the group is not in {@code acctId}.
     */
    public boolean put(UUID acctId, AppGroupRecord membership) {
        String app = membership.appId().toString();
        String group = membership.groupId().toString();
        if (membership.isDefault()) {
            handle.createUpdate("""
                    UPDATE app_groups SET is_default = FALSE
                    WHERE app_id = :app AND group_id <> :group AND is_default""")
                    .bind("app", app).bind("group", group).execute();
        }
        return handle.createUpdate("""
                INSERT INTO app_groups (acct_id, app_id, group_id, permissions, is_default)
                SELECT :acct, :app, :group, :permissions, :isDefault
                WHERE EXISTS (SELECT 1 FROM apps WHERE acct_id = :acct AND app_id = :app)
                  AND EXISTS (SELECT 1 FROM groups WHERE acct_id = :acct AND group_id = :group)
                ON CONFLICT (app_id, group_id)
                DO UPDATE SET permissions = excluded.permissions, is_default = excluded.is_default""")
                .bind("acct", acctId.toString()).bind("app", app).bind("group", group)
                .bind("permissions", ColumnCodecs.words(membership.permissions()))
                .bind("isDefault", membership.isDefault()).execute() == 1;
    }

    /** The app's memberships in group-id order. */
    public List<AppGroupRecord> of(UUID appId) {
        return handle.createQuery("SELECT * FROM app_groups WHERE app_id = :app ORDER BY group_id")
                .bind("app", appId.toString()).map(MAPPER).list();
    }

    /** The app's membership of one group, when it is a member. */
    public Optional<AppGroupRecord> find(UUID appId, UUID groupId) {
        return handle.createQuery("SELECT * FROM app_groups WHERE app_id = :app AND group_id = :group")
                .bind("app", appId.toString()).bind("group", groupId.toString()).map(MAPPER).findOne();
    }

    /** Takes the app out of the group; returns false when it was not a member. */
    public boolean remove(UUID appId, UUID groupId) {
        return handle.createUpdate("DELETE FROM app_groups WHERE app_id = :app AND group_id = :group")
                .bind("app", appId.toString()).bind("group", groupId.toString()).execute() == 1;
    }
}
