package coffer.storage.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.KeyDirectoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key directory is trusted only when nobody else can read or change it, and only the versions its manifest lists
 * are keys: a file dropped into it never becomes the current master key.
 */
class MasterKeyDirectoryTest {
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "context".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void aKeyFileReadableByOthersRefusesTheStart() throws IOException {
        MasterKeyring.openOrCreate(dir, random);
        Files.setPosixFilePermissions(dir.resolve("master-1.key"), PosixFilePermissions.fromString("rw-r--r--"));

        KeyDirectoryException e = assertThrows(KeyDirectoryException.class,
                () -> MasterKeyring.openOrCreate(dir, random));
        assertTrue(e.getMessage().contains("master-1.key") && e.getMessage().contains("0600"), e.getMessage());
    }

    @Test
    void aKeyDirectoryOpenToOthersRefusesTheStart() throws IOException {
        MasterKeyring.openOrCreate(dir, random);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));

        KeyDirectoryException e = assertThrows(KeyDirectoryException.class,
                () -> MasterKeyring.openOrCreate(dir, random));
        assertTrue(e.getMessage().contains("0700"), e.getMessage());
    }

    @Test
    void aNewDirectoryIsOwnerOnlyWithAManifest() throws IOException {
        Path keys = dir.resolve("keys");
        MasterKeyring.openOrCreate(keys, random);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve("manifest"))));
        assertTrue(Files.readString(keys.resolve("manifest")).contains("version 1 "));
    }

    @Test
    void aStrayKeyFileIsIgnoredNotMadeCurrent() throws IOException {
        MasterKeyring first = MasterKeyring.openOrCreate(dir, random);
        byte[] sealed = first.seal(SECRET, CONTEXT);
        byte[] planted = new byte[32];
        Files.write(dir.resolve("master-7.key"), planted);
        Files.setPosixFilePermissions(dir.resolve("master-7.key"), PosixFilePermissions.fromString("rw-------"));

        MasterKeyring next = MasterKeyring.openOrCreate(dir, random);

        assertEquals(1, next.currentVersion());
        assertEquals(List.of(1), List.copyOf(next.versions()));
        assertEquals(1, MasterKeyring.versionOf(next.seal(SECRET, CONTEXT)));
        assertArrayEquals(SECRET, next.open(sealed, CONTEXT));
        // Rotation still works, and takes a number above the stray file's, never the stray file itself.
        assertEquals(8, next.rotate());
        assertEquals(List.of(1, 8), List.copyOf(MasterKeyring.openOrCreate(dir, random).versions()));
    }

    @Test
    void aListedKeyFileReplacedByOtherBytesRefusesTheStart() throws IOException {
        MasterKeyring.openOrCreate(dir, random);
        Path file = dir.resolve("master-1.key");
        Files.delete(file);
        Files.write(file, new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        KeyDirectoryException e = assertThrows(KeyDirectoryException.class,
                () -> MasterKeyring.openOrCreate(dir, random));
        assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutManifestAdoptsItsKeyFilesOnce() throws IOException {
        MasterKeyring.openOrCreate(dir, random);
        MasterKeyring.addVersion(dir, random);
        byte[] sealed = MasterKeyring.openOrCreate(dir, random).seal(SECRET, CONTEXT);
        // A directory as a gateway before manifests left it.
        Files.delete(dir.resolve("manifest"));

        MasterKeyring upgraded = MasterKeyring.openOrCreate(dir, random);

        assertEquals(List.of(1, 2), List.copyOf(upgraded.versions()));
        assertEquals(2, upgraded.currentVersion());
        assertArrayEquals(SECRET, upgraded.open(sealed, CONTEXT));
        assertTrue(Files.exists(dir.resolve("manifest")));
        // Adopted once: a file added after the upgrade is not.
        Files.copy(dir.resolve("master-2.key"), dir.resolve("master-3.key"));
        assertEquals(2, MasterKeyring.openOrCreate(dir, random).currentVersion());
    }

    @Test
    void destroyUnlistsTheVersion() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        keys.rotate();
        keys.destroy(1);
        String manifest = Files.readString(dir.resolve("manifest"));
        assertTrue(!manifest.contains("version 1 ") && manifest.contains("version 2 "), manifest);
        assertEquals(List.of(2), List.copyOf(MasterKeyring.openOrCreate(dir, random).versions()));
    }
}
