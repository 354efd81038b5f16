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
import java.util.UUID;
import java.util.stream.Stream;

/** Reads a server's SQLite database and data files directly, bypassing the server, for at-rest checks. */
public final class RawDatabase {
    private final Path dataDir;

    private RawDatabase(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static RawDatabase sqlite(Path dataDir) {
        return new RawDatabase(dataDir);
    }

    public byte[] publicKeyOf(UUID credentialId) {
        return Base64.getDecoder().decode(column("public_key", credentialId));
    }

    public byte[] sealedPrivateKeyOf(UUID credentialId) {
        return Base64.getDecoder().decode(column("sealed_private_key", credentialId));
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
        String url = "jdbc:sqlite:" + dataDir.resolve("replikey.db");
        try (Connection connection = DriverManager.getConnection(url);
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
