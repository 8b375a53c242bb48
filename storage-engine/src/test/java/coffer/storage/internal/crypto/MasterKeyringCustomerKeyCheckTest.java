package coffer.storage.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyringCustomerKeyCheckTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    private byte[] key() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    @Test
    void matchesOnlyTheSameKeyAndSurvivesRotation() throws Exception {
        MasterKeyring v1 = MasterKeyring.openOrCreate(dir, random);
        byte[] k = key();
        byte[] check = v1.customerKeyCheck(k);
        assertEquals(4 + 32, check.length);
        assertEquals(1, ByteBuffer.wrap(check).getInt());
        assertTrue(v1.customerKeyMatches(check, k));
        assertFalse(v1.customerKeyMatches(check, key()));

        MasterKeyring.addVersion(dir, random);
        MasterKeyring v2 = MasterKeyring.openOrCreate(dir, random);
        assertTrue(v2.customerKeyMatches(check, k), "a check made under version 1 still matches");
        byte[] newer = v2.customerKeyCheck(k);
        assertEquals(2, ByteBuffer.wrap(newer).getInt());
        assertNotEquals(Arrays.toString(check), Arrays.toString(newer));
    }

    @Test
    void theCheckIsNeitherTheKeyNorAPlainHashOfIt() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] k = key();
        byte[] mac = Arrays.copyOfRange(ring.customerKeyCheck(k), 4, 36);
        assertFalse(Arrays.equals(mac, k));
        assertFalse(Arrays.equals(mac, MessageDigest.getInstance("SHA-256").digest(k)));
        MasterKeyring other = MasterKeyring.openOrCreate(dir.resolve("other"), random);
        assertFalse(other.customerKeyMatches(ring.customerKeyCheck(k), k), "keyed by the master key");
    }
}
