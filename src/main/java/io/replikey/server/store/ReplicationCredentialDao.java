package io.replikey.server.store;

import io.replikey.server.crypto.CredentialKeyType;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Data access for {@code replication_credentials}. Bound to one handle; not thread-safe. Outside a
 * transaction, {@link #byId} may answer from the store's {@link RecentReads}: a credential deleted
 * or changed (app, chain) through another node can be found as it was for up to
 * {@link RecentReads#FRESHNESS} there. The records it returns may then be shared between threads:
 * never write into their arrays.
 */
public final class ReplicationCredentialDao {
    /** The number of credential slots per account; mirrored by the table's CHECK constraint. */
    public static final int SLOTS = 2;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final RowMapper<ReplicationCredentialRecord> MAPPER = (rs, ctx) ->
            new ReplicationCredentialRecord(UUID.fromString(rs.getString("credential_id")),
                    UUID.fromString(rs.getString("acct_id")), rs.getInt("slot"),
                    CredentialKeyType.parse(rs.getString("key_type")),
                    B64D.decode(rs.getString("public_key")), B64D.decode(rs.getString("sealed_private_key")),
                    rs.getInt("master_key_version"),
                    Columns.nullableUuid(rs, "app_id"),
                    ColumnCodecs.fromBase64List(rs.getString("certificate_chain")), rs.getLong("created_at"));

    private final Supplier<Handle> handle;
    /** {@link RecentReads#NONE} inside a transaction, which always reads the database. */
    private final RecentReads recentReads;

    ReplicationCredentialDao(Supplier<Handle> handle, RecentReads recentReads) {
        this.handle = handle;
        this.recentReads = recentReads;
    }

    /**
     * Inserts the credential into the first free slot of its account. Returns false, inserting
     * nothing, when both slots are taken. Safe under concurrency: the unique (acct_id, slot)
     * constraint decides races, and a lost race simply moves on to the next slot.
     */
    public boolean insertIntoFreeSlot(ReplicationCredentialRecord credential) {
        for (int slot = 1; slot <= SLOTS; slot++) {
            int inserted = handle.get().createUpdate("""
                    INSERT INTO replication_credentials (credential_id, acct_id, slot, key_type, public_key,
                        sealed_private_key, master_key_version, app_id, certificate_chain, created_at)
                    VALUES (:id, :acct, :slot, :type, :pub, :sealed, :mkv, NULL, NULL, :created)
                    ON CONFLICT (acct_id, slot) DO NOTHING""")
                    .bind("id", credential.credentialId().toString()).bind("acct", credential.acctId().toString())
                    .bind("slot", slot).bind("type", credential.keyType().configName())
                    .bind("pub", B64.encodeToString(credential.publicKey()))
                    .bind("sealed", B64.encodeToString(credential.sealedPrivateKey()))
                    .bind("mkv", credential.masterKeyVersion()).bind("created", credential.createdAt()).execute();
            if (inserted == 1) {
                return true;
            }
        }
        return false;
    }

    public Optional<ReplicationCredentialRecord> byId(UUID acctId, UUID credentialId) {
        return recentReads.get(new CredentialKey(acctId, credentialId), () -> read(acctId, credentialId));
    }

    private record CredentialKey(UUID acctId, UUID credentialId) {
    }

    private Optional<ReplicationCredentialRecord> read(UUID acctId, UUID credentialId) {
        return handle.get().createQuery("SELECT * FROM replication_credentials WHERE acct_id = :acct AND credential_id = :id")
                .bind("acct", acctId.toString()).bind("id", credentialId.toString()).map(MAPPER).findOne();
    }

    public List<ReplicationCredentialRecord> list(UUID acctId) {
        return handle.get().createQuery("SELECT * FROM replication_credentials WHERE acct_id = :acct ORDER BY slot")
                .bind("acct", acctId.toString()).map(MAPPER).list();
    }

    public void updateAppAndChain(ReplicationCredentialRecord credential) {
        handle.get().createUpdate("""
                UPDATE replication_credentials SET app_id = :app, certificate_chain = :chain
                WHERE acct_id = :acct AND credential_id = :id""")
                .bind("app", credential.appId() == null ? null : credential.appId().toString())
                .bind("chain", ColumnCodecs.base64List(credential.certificateChain()))
                .bind("acct", credential.acctId().toString()).bind("id", credential.credentialId().toString())
                .execute();
    }

    /** Deletes the credential; returns false when it did not exist. */
    public boolean delete(UUID acctId, UUID credentialId) {
        return handle.get().createUpdate("DELETE FROM replication_credentials WHERE acct_id = :acct AND credential_id = :id")
                .bind("acct", acctId.toString()).bind("id", credentialId.toString()).execute() == 1;
    }
}
