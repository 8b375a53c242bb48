package coffer.storage.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.crypto.SealedValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation and destruction on a live keyring: no reopen needed, and a destroyed version never comes back. */
class MasterKeyringRotationTest {
    private static final byte[] DATA_KEY = new byte[32];
    private static final byte[] CONTEXT = "blob".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void rotateMakesTheNewVersionCurrentInTheRunningKeyring() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        byte[] old = keys.wrapDataKey(DATA_KEY, CONTEXT);

        assertEquals(2, keys.rotate());

        assertEquals(2, keys.currentVersion());
        assertEquals(List.of(1, 2), List.copyOf(keys.versions()));
        assertEquals(2, MasterKeyring.versionOf(keys.wrapDataKey(DATA_KEY, CONTEXT)));
        assertEquals(2, MasterKeyring.versionOf(keys.seal(DATA_KEY, CONTEXT)));
        assertEquals(2, MasterKeyring.versionOf(keys.customerKeyCheck(DATA_KEY)));
        assertArrayEquals(DATA_KEY, keys.unwrapDataKey(old, CONTEXT));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("master-2.key"))));
        assertEquals(2, MasterKeyring.openOrCreate(dir, random).currentVersion());
    }

    @Test
    void destroyForgetsTheVersionAndRemovesItsFile() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        byte[] old = keys.wrapDataKey(DATA_KEY, CONTEXT);
        keys.rotate();

        keys.destroy(1);

        assertFalse(Files.exists(dir.resolve("master-1.key")));
        assertEquals(List.of(2), List.copyOf(keys.versions()));
        assertThrows(SealedValueException.class, () -> keys.unwrapDataKey(old, CONTEXT));
        MasterKeyring reopened = MasterKeyring.openOrCreate(dir, random);
        assertEquals(List.of(2), List.copyOf(reopened.versions()));
        assertThrows(SealedValueException.class, () -> reopened.unwrapDataKey(old, CONTEXT));
        assertEquals(3, keys.rotate(), "versions are never reused");
    }

    @Test
    void destroyRefusesTheCurrentAndUnknownVersions() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        assertThrows(IllegalArgumentException.class, () -> keys.destroy(1));
        assertThrows(IllegalArgumentException.class, () -> keys.destroy(5));
        assertEquals(List.of(1), List.copyOf(keys.versions()));
    }
}
