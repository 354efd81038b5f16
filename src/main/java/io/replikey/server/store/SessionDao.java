package io.replikey.server.store;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Data access for {@code sessions}. Bound to one handle; not thread-safe. */
public final class SessionDao {
    private static final RowMapper<SessionRecord> MAPPER = (rs, ctx) -> new SessionRecord(
            rs.getString("token_hash"), SessionKind.fromStored(rs.getString("entity_kind")),
            UUID.fromString(rs.getString("entity_id")),
            Columns.nullableUuid(rs, "selected_acct_id"),
            rs.getLong("created_at"), rs.getLong("last_used_at"));

    private final Supplier<Handle> handle;

    private final RecentReads recentReads;

    SessionDao(Supplier<Handle> handle, RecentReads recentReads) {
        this.handle = handle;
        this.recentReads = recentReads;
    }

    public void insert(SessionRecord session) {
        handle.get().createUpdate("""
                INSERT INTO sessions (token_hash, entity_kind, entity_id, selected_acct_id, created_at, last_used_at)
                VALUES (:hash, :kind, :entity, :acct, :created, :used)""")
                .bind("hash", session.tokenHash()).bind("kind", session.entityKind().stored())
                .bind("entity", session.entityId().toString())
                .bind("acct", session.selectedAccountId() == null ? null : session.selectedAccountId().toString())
                .bind("created", session.createdAt()).bind("used", session.lastUsedAt()).execute();
    }

    /** The session; outside a transaction possibly up to {@link RecentReads#FRESHNESS} old. */
    public Optional<SessionRecord> byTokenHash(String tokenHash) {
        return recentReads.get(new TokenKey(tokenHash), () -> read(tokenHash));
    }

    private Optional<SessionRecord> read(String tokenHash) {
        return handle.get().createQuery("SELECT * FROM sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(MAPPER).findOne();
    }

    private record TokenKey(String tokenHash) {
    }

    public void touch(String tokenHash, long now) {
        handle.get().createUpdate("UPDATE sessions SET last_used_at = :now WHERE token_hash = :hash")
                .bind("now", now).bind("hash", tokenHash).execute();
    }

    public void selectAccount(String tokenHash, UUID acctId) {
        handle.get().createUpdate("UPDATE sessions SET selected_acct_id = :acct WHERE token_hash = :hash")
                .bind("acct", acctId.toString()).bind("hash", tokenHash).execute();
    }

    public void delete(String tokenHash) {
        handle.get().createUpdate("DELETE FROM sessions WHERE token_hash = :hash").bind("hash", tokenHash).execute();
    }

    /** Ends every session of one user or app; returns how many. */
    public int deleteOf(SessionKind kind, UUID entityId) {
        return handle.get().createUpdate("DELETE FROM sessions WHERE entity_kind = :kind AND entity_id = :id")
                .bind("kind", kind.stored()).bind("id", entityId.toString()).execute();
    }

    /** Removes sessions idle since before {@code idleBefore}; returns how many. */
    public int deleteIdleSince(long idleBefore) {
        return handle.get().createUpdate("DELETE FROM sessions WHERE last_used_at < :t").bind("t", idleBefore).execute();
    }
}
