package io.replikey.server;

import io.replikey.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the data directory private: it holds password hashes, emails and sealed keys. At start-up
 * it creates the directory 0700 (or checks an existing one), checks everything already in it, and
 * creates an absent SQLite database file 0600 before the driver opens it; SQLite then gives its
 * {@code -wal}, {@code -shm} and {@code -journal} files the mode of the database file. Anything
 * group or others may access is refused with an {@link IllegalArgumentException} that names each
 * such path and the {@code chmod} that fixes it, as the master key file is; nothing is repaired
 * silently, since an operator who opened the directory up should hear about it.
 *
 * <p>Limits: POSIX file systems only; symbolic links inside the directory are not followed, and
 * file ownership is not checked. Stateless.
 */
public final class DataDirectory {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final List<String> SQLITE_SIDE_FILES = List.of("", "-wal", "-shm", "-journal");

    private DataDirectory() {
    }

    /**
     * Creates or checks the data directory and the SQLite database file of {@code config}.
     *
     * @throws IllegalArgumentException when a directory or file is accessible to group or others
     */
    public static void prepare(ServerConfig config) {
        List<String> problems = new ArrayList<>();
        try {
            if (Files.notExists(config.dataDir())) {
                Files.createDirectories(config.dataDir(), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path root = config.dataDir().toRealPath(); // a data directory reached through a link is checked itself
            checkOwnerOnly(root, "data directory", problems);
            try (Stream<Path> entries = Files.walk(root).skip(1)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    checkOwnerOnly(entry, "data directory entry", problems);
                }
            }
            Optional<Path> database = sqliteFile(config.databaseUrl());
            if (database.isPresent() && problems.isEmpty()) {
                prepareDatabaseFile(database.get(), problems);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare data directory " + config.dataDir(), e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("replikey keeps its data private, but:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /**
     * Deletes a throw-away data directory (the benchmark's, the demo's) and everything in it,
     * after its servers stopped. Symbolic links are deleted, not followed.
     */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary data directory " + dir, e);
        }
    }

    /** The database may live outside the data directory, so it and its side files are checked on their own. */
    private static void prepareDatabaseFile(Path database, List<String> problems) throws IOException {
        if (Files.isDirectory(database.toAbsolutePath().getParent())) {
            try {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException existing) {
                // checked below
            }
        }
        for (Path file : withSideFiles(database)) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                checkOwnerOnly(file, "database file", problems);
            }
        }
    }

    /**
     * The database file of a {@code jdbc:sqlite:} URL and its side files (WAL, shared memory,
     * rollback journal), whether they exist or not; empty for another database or an in-memory one.
     */
    public static List<Path> sqliteFiles(String jdbcUrl) {
        return sqliteFile(jdbcUrl).map(DataDirectory::withSideFiles).orElse(List.of());
    }

    private static List<Path> withSideFiles(Path database) {
        return SQLITE_SIDE_FILES.stream().map(suffix -> database.resolveSibling(database.getFileName() + suffix))
                .toList();
    }

    private static void checkOwnerOnly(Path path, String what, List<String> problems) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return; // a link's own mode means nothing; its target is not ours to judge
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            problems.add(what + " " + path + " is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); run: chmod " + (directory ? "700 " : "600 ")
                    + path);
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL, or empty for another database or an in-memory one. */
    static Optional<Path> sqliteFile(String jdbcUrl) {
        if (!jdbcUrl.startsWith(SQLITE_PREFIX)) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring(SQLITE_PREFIX.length());
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        int query = name.indexOf('?');
        if (query >= 0) {
            name = name.substring(0, query); // driver settings, not part of the file name
        }
        if (name.isEmpty() || name.startsWith(":memory:") || name.startsWith(":resource:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(name).toAbsolutePath());
    }
}
