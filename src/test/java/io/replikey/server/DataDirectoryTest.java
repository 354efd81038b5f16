package io.replikey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.config.ConfigLoader;
import io.replikey.server.config.ServerConfig;
import io.replikey.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory stays private: everything the server creates is owner-only (the process runs
 * with the usual umask 022, so this is not the default), and a directory or file others may open
 * is refused before anything is created.
 */
class DataDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void everyFileIsOwnerOnlyAfterStartAndAfterWritesWalAndShmIncluded() throws IOException {
        Path dataDir = dir.resolve("data");
        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(entries(dataDir)).contains("replikey.db", "replikey.db-wal", "replikey.db-shm",
                    "master.key", "tls", "tls/server-key.sealed", "tls/server-cert.pem");
            assertOwnerOnly(dataDir);

            TestServer.User user = server.newUser();
            UUID acctId = server.newReplicationAccount(user.token());
            server.client().createReplicationCredential(user.token(), acctId, null);
            assertOwnerOnly(dataDir);
        }
        assertOwnerOnly(dataDir);
    }

    @Test
    void aDataDirectoryOthersCanReadIsRefusedBeforeAnythingIsCreated() throws IOException {
        Path dataDir = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> DataDirectory.prepare(config(dataDir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data directory " + dataDir.toRealPath())
                .hasMessageContaining("rwxr-xr-x")
                .hasMessageContaining("chmod 700 " + dataDir.toRealPath());
        try (Stream<Path> entries = Files.list(dataDir)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void aDatabaseFileOthersCanReadIsRefused() throws IOException {
        Path dataDir = privateDirectory(dir.resolve("data"));
        Path database = Files.createFile(dataDir.resolve("replikey.db"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> DataDirectory.prepare(config(dataDir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(database.toRealPath().toString())
                .hasMessageContaining("chmod 600 " + database.toRealPath());
    }

    @Test
    void aWritableFileDeeperInTheDirectoryIsRefused() throws IOException {
        Path dataDir = privateDirectory(dir.resolve("data"));
        Path tls = privateDirectory(dataDir.resolve("tls"));
        Path key = Files.createFile(tls.resolve("server-key.sealed"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw--w----"));

        assertThatThrownBy(() -> DataDirectory.prepare(config(dataDir)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chmod 600 " + key.toRealPath());
    }

    @Test
    void aDatabaseOutsideTheDataDirectoryIsCreatedOwnerOnlyAndChecked() throws IOException {
        Path dataDir = dir.resolve("data");
        Path elsewhere = privateDirectory(dir.resolve("elsewhere"));
        Path database = elsewhere.resolve("other.db");
        ServerConfig config = config(dataDir, Map.of("database", "jdbc:sqlite:" + database + "?busy_timeout=1"));

        DataDirectory.prepare(config);
        assertThat(mode(database)).isEqualTo("rw-------");

        Path wal = Files.createFile(elsewhere.resolve("other.db-wal"));
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> DataDirectory.prepare(config)).hasMessageContaining("chmod 600 " + wal);
    }

    @Test
    void sqliteFileIsReadFromTheJdbcUrl() {
        assertThat(DataDirectory.sqliteFile("jdbc:sqlite:/var/lib/r/replikey.db?journal_mode=WAL"))
                .contains(Path.of("/var/lib/r/replikey.db"));
        assertThat(DataDirectory.sqliteFile("jdbc:sqlite:file:/var/lib/r/x.db")).contains(Path.of("/var/lib/r/x.db"));
        assertThat(DataDirectory.sqliteFile("jdbc:sqlite::memory:")).isEmpty();
        assertThat(DataDirectory.sqliteFile("jdbc:sqlite:file::memory:?cache=shared")).isEmpty();
        assertThat(DataDirectory.sqliteFile("jdbc:postgresql://localhost/replikey")).isEmpty();
    }

    private static Path privateDirectory(Path path) throws IOException {
        return Files.createDirectory(path, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    private static ServerConfig config(Path dataDir) {
        return config(dataDir, Map.of());
    }

    private static ServerConfig config(Path dataDir, Map<String, String> settings) {
        Map<String, String> options = new LinkedHashMap<>(settings);
        options.put("data-dir", dataDir.toString());
        return ConfigLoader.load(options, Map.of(), null);
    }

    /** Asserts every directory under (and including) {@code root} is 0700 and every file 0600. */
    static void assertOwnerOnly(Path root) throws IOException {
        try (Stream<Path> entries = Files.walk(root)) {
            for (Path entry : entries.toList()) {
                assertThat(mode(entry)).as(entry.toString())
                        .isEqualTo(Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------");
            }
        }
    }

    /** The relative names of everything under {@code root}. */
    private static List<String> entries(Path root) throws IOException {
        try (Stream<Path> entries = Files.walk(root)) {
            return entries.map(entry -> root.relativize(entry).toString()).toList();
        }
    }

    private static String mode(Path entry) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS));
    }
}
