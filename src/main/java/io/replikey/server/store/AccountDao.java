package io.replikey.server.store;

import io.replikey.server.access.AccountRole;
import io.replikey.server.domain.PurposeKind;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * Data access for the account aggregate: {@code accounts} and its {@code account_members}.
 * Lookups are always scoped to a member, so another account's row is simply not found.
 * Bound to one handle; not thread-safe.
 */
public final class AccountDao {
    private static final RowMapper<AccountRecord> MAPPER = (rs, ctx) -> new AccountRecord(
            UUID.fromString(rs.getString("acct_id")), rs.getString("name"), rs.getString("description"),
            rs.getBoolean("enabled"), purposeKind(rs.getString("purpose_type")),
            purposeKind(rs.getString("original_purpose_type")),
            rs.getString("replication_url"), Columns.nullableInt(rs, "scan_interval_hours"),
            Columns.nullableUuid(rs, "active_credential_id"),
            rs.getLong("created_at"));

    private final Supplier<Handle> handle;
    private final Dialect dialect;
    private final RecentReads recentReads;

    AccountDao(Supplier<Handle> handle, Dialect dialect, RecentReads recentReads) {
        this.handle = handle;
        this.dialect = dialect;
        this.recentReads = recentReads;
    }

    /** Inserts the account and makes {@code adminUserId} its administrator. */
    public void insert(AccountRecord account, UUID adminUserId, AccountRole role) {
        bindAll(handle.get().createUpdate("""
                INSERT INTO accounts (acct_id, name, description, enabled, purpose_type, original_purpose_type,
                                      replication_url, scan_interval_hours, active_credential_id, created_at)
                VALUES (:id, :name, :description, :enabled, :purpose, :original, :url, :interval, :active, :created)"""),
                account).bind("original", account.originalPurposeType().wireName()).bind("created", account.createdAt())
                .execute();
        addMember(account.acctId(), adminUserId, role);
    }

    /** Makes {@code userId} a member of the account with {@code role}. */
    public void addMember(UUID acctId, UUID userId, AccountRole role) {
        handle.get().createUpdate("INSERT INTO account_members (acct_id, user_id, role) VALUES (:acct, :user, :role)")
                .bind("acct", acctId.toString()).bind("user", userId.toString()).bind("role", role.name()).execute();
    }

    /** Writes every mutable column of the account. */
    public void update(AccountRecord account) {
        bindAll(handle.get().createUpdate("""
                UPDATE accounts SET name = :name, description = :description, enabled = :enabled,
                       purpose_type = :purpose, replication_url = :url, scan_interval_hours = :interval,
                       active_credential_id = :active
                WHERE acct_id = :id"""), account).execute();
    }

    private static Update bindAll(Update update, AccountRecord a) {
        return update.bind("id", a.acctId().toString()).bind("name", a.name()).bind("description", a.description())
                .bind("enabled", a.enabled()).bind("purpose", a.purposeType().wireName()).bind("url", a.replicationUrl())
                .bind("interval", a.scanIntervalHours())
                .bind("active", a.activeCredentialId() == null ? null : a.activeCredentialId().toString());
    }

    /** The account, whoever asks: for principals that are not members (apps, the server itself). */
    public Optional<AccountRecord> byId(UUID acctId) {
        return byId(acctId, "");
    }

    /** As {@link #byId}, locking the row as {@link #membershipForUpdate} does. */
    public Optional<AccountRecord> byIdForUpdate(UUID acctId) {
        return byId(acctId, dialect.lockRowsOf("a"));
    }

    private Optional<AccountRecord> byId(UUID acctId, String lockClause) {
        return handle.get().createQuery("SELECT a.* FROM accounts a WHERE a.acct_id = :acct" + lockClause)
                .bind("acct", acctId.toString()).map(MAPPER).findOne();
    }

    /**
     * The account and the user's role in it, in one read, when the user is a member. Outside a
     * transaction the answer may be up to {@link RecentReads#FRESHNESS} old (see {@link RecentReads}).
     */
    public Optional<Membership> membership(UUID acctId, UUID userId) {
        return recentReads.get(new MembershipKey(acctId, userId), () -> membership(acctId, userId, ""));
    }

    private record MembershipKey(UUID acctId, UUID userId) {
    }

    /**
     * As {@link #membership}, and locks the account row until the transaction ends: a rule that
     * will change the account or anything beside it (its credentials) reads it with this, so the
     * row it decides on is the row it changes, on any number of nodes. Every such writer locks
     * the account first, so they queue in one order.
     */
    public Optional<Membership> membershipForUpdate(UUID acctId, UUID userId) {
        return membership(acctId, userId, dialect.lockRowsOf("a"));
    }

    private Optional<Membership> membership(UUID acctId, UUID userId, String lockClause) {
        return handle.get().createQuery("""
                SELECT a.*, m.role AS member_role FROM accounts a JOIN account_members m ON m.acct_id = a.acct_id
                WHERE a.acct_id = :acct AND m.user_id = :user""" + lockClause)
                .bind("acct", acctId.toString()).bind("user", userId.toString())
                .map((rs, ctx) -> new Membership(MAPPER.map(rs, ctx), AccountRole.valueOf(rs.getString("member_role")))).findOne();
    }

    /** The member's role in the account, when a member. */
    public Optional<AccountRole> roleOf(UUID acctId, UUID userId) {
        return handle.get().createQuery("SELECT role FROM account_members WHERE acct_id = :acct AND user_id = :user")
                .bind("acct", acctId.toString()).bind("user", userId.toString()).mapTo(String.class).findOne()
                .map(AccountRole::valueOf);
    }

    /** Every account, oldest first (for the server itself). */
    public List<AccountRecord> listAll() {
        return handle.get().createQuery("SELECT a.* FROM accounts a ORDER BY a.created_at, a.acct_id").map(MAPPER).list();
    }

    public List<AccountRecord> listForMember(UUID userId) {
        return handle.get().createQuery("""
                SELECT a.* FROM accounts a JOIN account_members m ON m.acct_id = a.acct_id
                WHERE m.user_id = :user ORDER BY a.created_at, a.acct_id""")
                .bind("user", userId.toString()).map(MAPPER).list();
    }

    private static PurposeKind purposeKind(String stored) {
        return PurposeKind.fromWireName(stored)
                .orElseThrow(() -> new IllegalStateException("unknown purpose type '" + stored + "'"));
    }

    public void delete(UUID acctId) {
        handle.get().createUpdate("DELETE FROM accounts WHERE acct_id = :id").bind("id", acctId.toString()).execute();
    }
}
