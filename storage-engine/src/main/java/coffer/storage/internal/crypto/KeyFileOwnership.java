package coffer.storage.internal.crypto;

import coffer.storage.KeyDirectoryException;
import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Refuses key material that another local user could read, replace or add to: a master key file or the manifest
 * must be a regular file of mode 0600 (or 0400) and the key directory a directory of mode 0700 (or 0500), each owned
 * by the user the gateway runs as. Symbolic links are not followed, so a link cannot lend a foreign file the
 * directory's checks.
 */
final class KeyFileOwnership {
    private static final Set<PosixFilePermission> FILE_ALLOWED = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_ALLOWED = PosixFilePermissions.fromString("rwx------");

    private KeyFileOwnership() {
    }

    /** A key file or the manifest: 0600, a regular file, ours. */
    static void checkFile(Path file) throws IOException {
        checkFile(file, "master key file");
    }

    /** Any file of key material ({@code what} names it in the message): 0600, a regular file, ours. */
    static void checkFile(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new KeyDirectoryException(what + " " + file + " is not a regular file; refusing to start");
        }
        check(file, what, FILE_ALLOWED, "0600");
    }

    /** The key directory: 0700, a directory, ours. */
    static void checkDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new KeyDirectoryException("master key directory " + dir + " is not a directory; refusing to start");
        }
        check(dir, "master key directory", DIR_ALLOWED, "0700");
    }

    private static void check(Path path, String what, Set<PosixFilePermission> allowed, String mode)
            throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!allowed.containsAll(perms)) {
            throw new KeyDirectoryException(what + " " + path + " has mode " + PosixFilePermissions.toString(perms)
                    + "; it must be " + mode + " (chmod " + mode.substring(1) + " " + path + "); refusing to start");
        }
        long owner = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        long self = new UnixSystem().getUid();
        if (owner != self) {
            throw new KeyDirectoryException(what + " " + path + " is owned by uid " + owner
                    + ", not by the gateway's user (uid " + self + "); refusing to start");
        }
    }
}
