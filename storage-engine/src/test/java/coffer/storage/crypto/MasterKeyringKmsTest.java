package coffer.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyringKmsTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final byte[] value = "an inner wrapped data key".getBytes(StandardCharsets.US_ASCII);
    private final byte[] context = "blob-id-16-bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void opensOnlyWithTheSameKeyIdAndContext() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] wrapped = ring.wrapUnderKmsKey("testkey-1", value, context);
        assertEquals(value.length + 32, wrapped.length, "version, nonce and tag: the sealed layout");
        assertArrayEquals(value, ring.unwrapUnderKmsKey("testkey-1", wrapped, context));
        assertThrows(SealedValueException.class, () -> ring.unwrapUnderKmsKey("testkey-2", wrapped, context));
        assertThrows(SealedValueException.class,
                () -> ring.unwrapUnderKmsKey("arn:aws:kms:us-east-1:000000000001:key/testkey-1", wrapped, context),
                "an id and its ARN are different keys");
        assertThrows(SealedValueException.class, () -> ring.unwrapUnderKmsKey("testkey-1", wrapped, new byte[16]));
    }

    @Test
    void aKmsKeyIsNeitherTheDataKeyWrapNorTheSealer() throws Exception {
        MasterKeyring ring = MasterKeyring.openOrCreate(dir, random);
        byte[] wrapped = ring.wrapUnderKmsKey("k", value, context);
        assertThrows(SealedValueException.class, () -> ring.unwrapDataKey(wrapped, context));
        assertThrows(SealedValueException.class, () -> ring.open(wrapped, context));
        assertThrows(SealedValueException.class,
                () -> ring.unwrapUnderKmsKey("k", ring.wrapDataKey(value, context), context));
    }

    @Test
    void theKeyIsDerivedFromTheMasterKeyAndSurvivesRotation() throws Exception {
        MasterKeyring v1 = MasterKeyring.openOrCreate(dir, random);
        byte[] wrapped = v1.wrapUnderKmsKey("k", value, context);
        MasterKeyring reopened = MasterKeyring.openOrCreate(dir, random);
        assertArrayEquals(value, reopened.unwrapUnderKmsKey("k", wrapped, context), "nothing stored but the master");
        MasterKeyring.addVersion(dir, random);
        MasterKeyring v2 = MasterKeyring.openOrCreate(dir, random);
        assertArrayEquals(value, v2.unwrapUnderKmsKey("k", wrapped, context));
        assertEquals(2, ByteBuffer.wrap(v2.wrapUnderKmsKey("k", value, context)).getInt());
        MasterKeyring other = MasterKeyring.openOrCreate(dir.resolve("other"), random);
        assertThrows(SealedValueException.class, () -> other.unwrapUnderKmsKey("k", wrapped, context),
                "another master key derives another key for the same id");
    }
}
