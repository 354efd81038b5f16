package io.replikey.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Reads a server's database and data files directly, bypassing the server, for at-rest checks. */
public final class RawDatabase {
    private final String jdbcUrl;
    private final Path dataDir;

    private RawDatabase(String jdbcUrl, Path dataDir) {
        this.jdbcUrl = jdbcUrl;
        this.dataDir = dataDir;
    }

    /** The default SQLite database of a server whose data directory is {@code dataDir}. */
    public static RawDatabase sqlite(Path dataDir) {
        return new RawDatabase("jdbc:sqlite:" + dataDir.resolve("replikey.db"), dataDir);
    }

    /** The database at {@code jdbcUrl} (user and password in the URL) of a server using {@code dataDir}. */
    public static RawDatabase at(String jdbcUrl, Path dataDir) {
        return new RawDatabase(jdbcUrl, dataDir);
    }

    public byte[] publicKeyOf(UUID credentialId) {
        return Base64.getDecoder().decode(column("public_key", credentialId));
    }

    public byte[] sealedPrivateKeyOf(UUID credentialId) {
        return Base64.getDecoder().decode(column("sealed_private_key", credentialId));
    }

    /** How many replication credentials each account holds, read straight from the table. */
    public Map<UUID, Integer> credentialCountsByAccount() {
        Map<UUID, Integer> counts = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT acct_id, COUNT(*) FROM replication_credentials GROUP BY acct_id");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                counts.put(UUID.fromString(rs.getString(1)), rs.getInt(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The concatenated bytes of every file in the data directory (database, WAL, TLS files), except the master key. */
    public byte[] allFilesExceptMasterKey() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            var out = new java.io.ByteArrayOutputStream();
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("master.key")).toList()) {
                out.write(Files.readAllBytes(file));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String column(String column, UUID credentialId) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + column + " FROM replication_credentials WHERE credential_id = ?")) {
            statement.setString(1, credentialId.toString());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no credential " + credentialId + " in the database");
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
