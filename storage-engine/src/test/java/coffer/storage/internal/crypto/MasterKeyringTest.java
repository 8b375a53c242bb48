package coffer.storage.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.crypto.SealedValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyringTest {
    private static final byte[] SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "account:alice".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void firstStartCreatesAnOwnerOnlyKeyFileOf32Bytes() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);

        Path file = dir.resolve("keys/master-1.key");
        assertEquals(1, keys.currentVersion());
        assertEquals(32, Files.size(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dir.resolve("keys/master-1.key.tmp")));
    }

    @Test
    void reloadingOpensWhatTheFirstInstanceSealed() throws IOException {
        byte[] sealed = MasterKeyring.openOrCreate(dir, random).seal(SECRET, CONTEXT);
        byte[] keyFile = Files.readAllBytes(dir.resolve("master-1.key"));

        MasterKeyring reloaded = MasterKeyring.openOrCreate(dir, random);

        assertArrayEquals(keyFile, Files.readAllBytes(dir.resolve("master-1.key")), "key file was rewritten");
        assertArrayEquals(SECRET, reloaded.open(sealed, CONTEXT));
    }

    @Test
    void sealedValueStartsWithVersionAndHidesThePlaintext() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        byte[] sealed = keys.seal(SECRET, CONTEXT);

        assertEquals(1, MasterKeyring.versionOf(sealed));
        assertEquals(SECRET.length + 4 + 12 + 16, sealed.length);
        assertFalse(HexFormat.of().formatHex(sealed).contains(HexFormat.of().formatHex(SECRET, 0, 8)));
        assertFalse(java.util.Arrays.equals(sealed, keys.seal(SECRET, CONTEXT)), "nonce must be random");
    }

    @Test
    void wrongContextOrAlteredValueDoesNotOpen() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        byte[] sealed = keys.seal(SECRET, CONTEXT);

        assertThrows(SealedValueException.class, () -> keys.open(sealed, "account:bob".getBytes(StandardCharsets.UTF_8)));
        for (int i : new int[] {4, 10, 20, sealed.length - 1}) {
            byte[] altered = sealed.clone();
            altered[i] ^= 1;
            assertThrows(SealedValueException.class, () -> keys.open(altered, CONTEXT), "flipped byte " + i);
        }
        assertThrows(SealedValueException.class, () -> keys.open(new byte[5], CONTEXT));
    }

    @Test
    void sealedSecretsAndWrappedDataKeysAreNotInterchangeable() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);

        byte[] wrapped = keys.wrapDataKey(dataKey, CONTEXT);

        assertArrayEquals(dataKey, keys.unwrapDataKey(wrapped, CONTEXT));
        assertThrows(SealedValueException.class, () -> keys.open(wrapped, CONTEXT));
        assertThrows(SealedValueException.class, () -> keys.unwrapDataKey(keys.seal(dataKey, CONTEXT), CONTEXT));
    }

    @Test
    void anotherMasterKeyDoesNotOpen() throws IOException {
        byte[] sealed = MasterKeyring.openOrCreate(dir.resolve("a"), random).seal(SECRET, CONTEXT);
        MasterKeyring other = MasterKeyring.openOrCreate(dir.resolve("b"), random);

        assertThrows(SealedValueException.class, () -> other.open(sealed, CONTEXT));
    }

    @Test
    void newVersionBecomesCurrentAndOldValuesStillOpen() throws IOException {
        byte[] old = MasterKeyring.openOrCreate(dir, random).seal(SECRET, CONTEXT);

        assertEquals(2, MasterKeyring.addVersion(dir, random));
        MasterKeyring keys = MasterKeyring.openOrCreate(dir, random);

        assertEquals(2, keys.currentVersion());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("master-2.key"))));
        assertArrayEquals(SECRET, keys.open(old, CONTEXT));
        byte[] fresh = keys.seal(SECRET, CONTEXT);
        assertEquals(2, MasterKeyring.versionOf(fresh));
        assertThrows(SealedValueException.class,
                () -> MasterKeyring.openOrCreate(dir.resolve("v1-only"), random).open(fresh, CONTEXT));
    }

    @Test
    void keyFileOfWrongLengthIsRejected() throws IOException {
        Files.write(dir.resolve("master-1.key"), new byte[31]);
        Files.setPosixFilePermissions(dir.resolve("master-1.key"), PosixFilePermissions.fromString("rw-------"));

        IOException e = assertThrows(IOException.class, () -> MasterKeyring.openOrCreate(dir, random));
        assertTrue(e.getMessage().contains("32 bytes"));
    }

    @Test
    void toStringShowsVersionsOnly() throws IOException {
        assertEquals("MasterKeyring[versions=[1], current=1]", MasterKeyring.openOrCreate(dir, random).toString());
    }
}
