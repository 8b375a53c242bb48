package coffer.storage.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.crypto.SealedValueException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyringKmsTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final byte[] dataKey = "a 32-byte data key for the tests".getBytes(StandardCharsets.US_ASCII);
    private final byte[] context = "blob-id-16-bytes".getBytes(StandardCharsets.US_ASCII);

    private byte[] dataKeyOf(MasterKeyring ring, String keyId, byte[] wrapped) {
        return ring.unwrapDataKey(ring.unwrapUnderKmsKey(keyId, wrapped, context), context);
    }

    @Test
    void opensOnlyWithTheSameKeyIdAndContext() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] wrapped = ring.wrapUnderKmsKey("testkey-1", ring.wrapDataKey(dataKey, context), context);
        assertEquals(32 + 2 * 32, wrapped.length, "two sealed layers around the data key");
        assertArrayEquals(dataKey, dataKeyOf(ring, "testkey-1", wrapped));
        assertThrows(SealedValueException.class, () -> ring.unwrapUnderKmsKey("testkey-2", wrapped, context));
        assertThrows(SealedValueException.class,
                () -> ring.unwrapUnderKmsKey("arn:aws:kms:us-east-1:000000000001:key/testkey-1", wrapped, context),
                "an id and its ARN are different keys");
        assertThrows(SealedValueException.class, () -> ring.unwrapUnderKmsKey("testkey-1", wrapped, new byte[16]));
    }

    @Test
    void aKmsKeyIsNeitherTheDataKeyWrapNorTheSealer() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] plainWrap = ring.wrapDataKey(dataKey, context);
        byte[] wrapped = ring.wrapUnderKmsKey("k", plainWrap, context);
        assertThrows(SealedValueException.class, () -> ring.unwrapDataKey(wrapped, context));
        assertThrows(SealedValueException.class, () -> ring.open(wrapped, context));
        assertThrows(SealedValueException.class, () -> ring.unwrapUnderKmsKey("k", plainWrap, context));
    }

    @Test
    void bothLayersTakeTheCurrentVersionAndRewrapMovesThemTogether() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] v1Inner = ring.wrapDataKey(dataKey, context);
        MasterKeyring.addVersion(dir, random);
        MasterKeyring v2 = MasterKeyring.openOrCreate(dir, random);
        byte[] wrapped = v2.wrapUnderKmsKey("k", v1Inner, context);
        assertEquals(2, MasterKeyring.versionOf(wrapped));
        assertEquals(2, MasterKeyring.versionOf(v2.unwrapUnderKmsKey("k", wrapped, context)),
                "the inner layer was re-made under the outer's version");

        byte[] old = ring.wrapUnderKmsKey("k", v1Inner, context);
        assertEquals(1, MasterKeyring.versionOf(old));
        byte[] moved = v2.rewrapUnderKmsKey("k", old, context);
        assertEquals(2, MasterKeyring.versionOf(moved));
        assertEquals(2, MasterKeyring.versionOf(v2.unwrapUnderKmsKey("k", moved, context)));
        assertArrayEquals(dataKey, dataKeyOf(v2, "k", moved));
    }

    @Test
    void theKeyIsDerivedFromTheMasterKeyOnly() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] wrapped = ring.wrapUnderKmsKey("k", ring.wrapDataKey(dataKey, context), context);
        MasterKeyring reopened = MasterKeyring.openOrCreate(dir, random);
        assertArrayEquals(dataKey, dataKeyOf(reopened, "k", wrapped), "nothing stored but the master key");
        MasterKeyring other = MasterKeyring.openOrCreate(dir.resolve("other"), random);
        assertThrows(SealedValueException.class, () -> other.unwrapUnderKmsKey("k", wrapped, context),
                "another master key derives another key for the same id");
    }
}
