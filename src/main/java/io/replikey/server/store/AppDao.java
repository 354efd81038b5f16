package io.replikey.server.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Data access for {@code apps}. Lookups by account answer another account's app like a missing
 * one; {@link #byId(UUID)} and {@link #byCertificate} serve authentication, which learns the
 * account from the app. Bound to one handle; not thread-safe.
 */
public final class AppDao {
    private static final RowMapper<AppRecord> MAPPER = (rs, ctx) -> new AppRecord(
            UUID.fromString(rs.getString("app_id")), UUID.fromString(rs.getString("acct_id")),
            rs.getString("name"), rs.getString("description"), rs.getString("app_type"), rs.getString("interface"),
            rs.getBoolean("enabled"), rs.getString("role"), rs.getString("credential_kind"),
            ColumnCodecs.fromBase64(rs.getString("sealed_secret")), Columns.nullableInt(rs, "master_key_version"),
            ColumnCodecs.fromBase64(rs.getString("certificate")), rs.getString("trusted_ca_subject"),
            ColumnCodecs.fromBase64List(rs.getString("trusted_ca_certificates")),
            new Creator(rs.getString("creator_kind"), Columns.nullableUuid(rs, "creator_id")),
            rs.getLong("created_at"), Columns.nullableLong(rs, "lastused_at"));

    private final Supplier<Handle> handle;
    private final Dialect dialect;

    private final RecentReads recentReads;

    AppDao(Supplier<Handle> handle, Dialect dialect, RecentReads recentReads) {
        this.handle = handle;
        this.recentReads = recentReads;
        this.dialect = dialect;
    }

    /** Inserts the app; returns false, inserting nothing, when its name (or id) is taken. */
    public boolean insert(AppRecord app) {
        return bindAll(handle.get().createUpdate("""
                INSERT INTO apps (app_id, acct_id, name, description, app_type, interface, enabled, role,
                    credential_kind, sealed_secret, master_key_version, certificate, certificate_sha256,
                    trusted_ca_subject, trusted_ca_certificates, creator_kind, creator_id, created_at, lastused_at)
                VALUES (:id, :acct, :name, :description, :type, :interface, :enabled, :role, :kind, :secret, :mkv,
                    :certificate, :certificateHash, :caSubject, :caCertificates, :creatorKind, :creatorId, :created,
                    :lastused)
                ON CONFLICT DO NOTHING"""), app)
                .bind("creatorKind", app.creator().kind()).bind("creatorId", ColumnCodecs.id(app.creator().id()))
                .bind("created", app.createdAt()).execute() == 1;
    }

    /**
     * Writes every mutable column (profile, role, credential, last use); false, changing
     * nothing, when the new name is taken. A new secret or certificate replaces the old one at
     * once: the next authentication reads this row.
     */
    public boolean update(AppRecord app) {
        return UniqueWrites.unlessTaken(handle.get(), dialect, () -> bindAll(handle.get().createUpdate("""
                UPDATE apps SET name = :name, description = :description, app_type = :type, interface = :interface,
                    enabled = :enabled, role = :role, credential_kind = :kind, sealed_secret = :secret,
                    master_key_version = :mkv, certificate = :certificate, certificate_sha256 = :certificateHash,
                    trusted_ca_subject = :caSubject, trusted_ca_certificates = :caCertificates,
                    lastused_at = :lastused
                WHERE acct_id = :acct AND app_id = :id"""), app).execute()) >= 0;
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, AppRecord a) {
        return statement.bind("id", a.appId().toString()).bind("acct", a.acctId().toString())
                .bind("name", a.name()).bind("description", a.description()).bind("type", a.appType())
                .bind("interface", a.appInterface()).bind("enabled", a.enabled()).bind("role", a.role())
                .bind("kind", a.credentialKind()).bind("secret", ColumnCodecs.base64(a.sealedSecret()))
                .bind("mkv", a.masterKeyVersion()).bind("certificate", ColumnCodecs.base64(a.certificate()))
                .bind("certificateHash", a.certificate() == null ? null : sha256Hex(a.certificate()))
                .bind("caSubject", a.trustedCaSubject())
                .bind("caCertificates", ColumnCodecs.base64List(a.trustedCaCertificates()))
                .bind("lastused", a.lastusedAt());
    }

    /** The account's app; outside a transaction possibly up to {@link RecentReads#FRESHNESS} old. */
    public Optional<AppRecord> byId(UUID acctId, UUID appId) {
        return recentReads.get(new AppKey(acctId, appId), () -> read(acctId, appId));
    }

    private Optional<AppRecord> read(UUID acctId, UUID appId) {
        return handle.get().createQuery("SELECT * FROM apps WHERE acct_id = :acct AND app_id = :id")
                .bind("acct", acctId.toString()).bind("id", appId.toString()).map(MAPPER).findOne();
    }

    private record AppKey(UUID acctId, UUID appId) {
    }

    /** The app in whatever account holds it: for authentication, which learns the account from the app. */
    public Optional<AppRecord> byId(UUID appId) {
        return handle.get().createQuery("SELECT * FROM apps WHERE app_id = :id")
                .bind("id", appId.toString()).map(MAPPER).findOne();
    }

    /** The app, locked until the transaction ends (see {@link Dialect#lockingSuffix}). */
    public Optional<AppRecord> lockById(UUID acctId, UUID appId) {
        return handle.get().createQuery("SELECT * FROM apps WHERE acct_id = :acct AND app_id = :id"
                        + dialect.lockingSuffix())
                .bind("acct", acctId.toString()).bind("id", appId.toString()).map(MAPPER).findOne();
    }

    /**
     * The apps, in any account, registered with exactly this certificate (byte-for-byte DER):
     * found through the indexed SHA-256 of the DER, then compared in full.
     */
    public List<AppRecord> byCertificate(byte[] der) {
        return handle.get().createQuery("SELECT * FROM apps WHERE certificate_sha256 = :hash ORDER BY app_id")
                .bind("hash", sha256Hex(der)).map(MAPPER).stream()
                .filter(app -> Arrays.equals(app.certificate(), der)).toList();
    }

    /** One page of the account's apps in app-id order, after {@code after} (exclusive; null from the start). */
    public List<AppRecord> list(UUID acctId, UUID after, int offset, int limit) {
        var query = handle.get().createQuery("SELECT * FROM apps WHERE acct_id = :acct"
                        + (after == null ? "" : " AND app_id > :after") + " ORDER BY app_id LIMIT :limit OFFSET :offset")
                .bind("acct", acctId.toString()).bind("limit", limit).bind("offset", offset);
        if (after != null) {
            query.bind("after", after.toString());
        }
        return query.map(MAPPER).list();
    }

    public long count(UUID acctId) {
        return handle.get().createQuery("SELECT COUNT(*) FROM apps WHERE acct_id = :acct")
                .bind("acct", acctId.toString()).mapTo(Long.class).one();
    }

    /** Records a use of the app. */
    public void touch(UUID appId, long now) {
        handle.get().createUpdate("UPDATE apps SET lastused_at = :now WHERE app_id = :id")
                .bind("now", now).bind("id", appId.toString()).execute();
    }

    /** Deletes the app and its group memberships; returns false when it did not exist. */
    public boolean delete(UUID acctId, UUID appId) {
        return handle.get().createUpdate("DELETE FROM apps WHERE acct_id = :acct AND app_id = :id")
                .bind("acct", acctId.toString()).bind("id", appId.toString()).execute() == 1;
    }

    private static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
