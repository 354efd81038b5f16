package io.replikey.server.store;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Data access for {@code replication_source_claims}: which source account each replication account
 * replicates, so that one source account has at most one replica on this server.
 *
 * <p>The UNIQUE (source_origin, source_acct_id) constraint decides between accounts racing for one
 * source, on one node or several sharing PostgreSQL: the losing insert is refused (on PostgreSQL
 * once the winner commits), inside a savepoint, so the loser's transaction goes on and can say who
 * holds the source. An account's own row is read first; the scan lease (and the account row lock
 * the engine takes with it) keeps one account's claims serial. Bound to one handle; not
 * thread-safe. Must run inside a transaction.
 */
public final class ReplicationSourceClaimDao {
    /** A claim refused by the constraint whose holder is gone before it is read is tried again this often. */
    private static final int ATTEMPTS = 3;
    private static final RowMapper<ReplicationSourceClaimRecord> MAPPER = (rs, ctx) ->
            new ReplicationSourceClaimRecord(UUID.fromString(rs.getString("acct_id")), rs.getString("source_origin"),
                    UUID.fromString(rs.getString("source_acct_id")), rs.getLong("claimed_at"));

    private final Handle handle;
    private final Dialect dialect;

    ReplicationSourceClaimDao(Handle handle, Dialect dialect) {
        this.handle = handle;
        this.dialect = dialect;
    }

    /**
     * Claims the source account {@code wanted} names for {@code wanted.acctId()}. Returns empty when
     * the account holds that claim now (just taken, or held before: the stored row is kept as is);
     * otherwise, changing nothing, the claim in the way: the account's own claim on another source
     * account, or another account's claim on this one.
     */
    public Optional<ReplicationSourceClaimRecord> claim(ReplicationSourceClaimRecord wanted) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ReplicationSourceClaimRecord> own = byAccount(wanted.acctId());
            if (own.isPresent()) {
                return own.filter(held -> !held.sameSource(wanted));
            }
            if (UniqueWrites.unlessTaken(handle, dialect, () -> insert(wanted)) == 1) {
                return Optional.empty();
            }
            Optional<ReplicationSourceClaimRecord> holder = bySource(wanted.sourceOrigin(), wanted.sourceAcctId());
            if (holder.isPresent()) {
                return holder;
            }
        }
        throw new IllegalStateException("the claim of a replication source kept changing hands");
    }

    /** The account's claim, when it has one. */
    public Optional<ReplicationSourceClaimRecord> byAccount(UUID acctId) {
        return handle.createQuery("SELECT * FROM replication_source_claims WHERE acct_id = :acct")
                .bind("acct", acctId.toString()).map(MAPPER).findOne();
    }

    /** Gives the account's claim up; false when it held none. */
    public boolean release(UUID acctId) {
        return handle.createUpdate("DELETE FROM replication_source_claims WHERE acct_id = :acct")
                .bind("acct", acctId.toString()).execute() == 1;
    }

    private Optional<ReplicationSourceClaimRecord> bySource(String origin, UUID sourceAcctId) {
        return handle.createQuery("""
                SELECT * FROM replication_source_claims
                WHERE source_origin = :origin AND source_acct_id = :source""")
                .bind("origin", origin).bind("source", sourceAcctId.toString()).map(MAPPER).findOne();
    }

    private int insert(ReplicationSourceClaimRecord claim) {
        return handle.createUpdate("""
                INSERT INTO replication_source_claims (acct_id, source_origin, source_acct_id, claimed_at)
                VALUES (:acct, :origin, :source, :at)""")
                .bind("acct", claim.acctId().toString()).bind("origin", claim.sourceOrigin())
                .bind("source", claim.sourceAcctId().toString()).bind("at", claim.claimedAt()).execute();
    }
}
