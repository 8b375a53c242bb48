package coffer.storage.internal.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobEngineKmsTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private LocalBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalBlobEngine(dir.resolve("blobs"),
                MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);
    }

    private byte[] readAll(StoredBlob blob) throws IOException {
        try (InputStream in = engine.read(blob, 0, blob.size() - 1)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKmsWrappedBlobReadsOnlyOnceUnwrappedWithItsKeyId() throws Exception {
        byte[] plain = BlobTestSupport.randomBytes(70_000);
        StoredBlob blob = engine.write(new ByteArrayInputStream(plain), plain.length);
        StoredBlob wrapped = engine.wrapUnderKmsKey(blob, "testkey-1");
        assertEquals(blob.id(), wrapped.id());
        assertEquals(blob.size(), wrapped.size());
        assertArrayEquals(blob.md5(), wrapped.md5());
        assertFalse(Arrays.equals(blob.wrappedKey(), wrapped.wrappedKey()));

        assertThrows(BlobCorruptedException.class, () -> readAll(wrapped), "the outer layer hides the data key");
        assertThrows(BlobCorruptedException.class, () -> engine.unwrapFromKmsKey(wrapped, "testkey-2"));
        StoredBlob unwrapped = engine.unwrapFromKmsKey(wrapped, "testkey-1");
        assertEquals(wrapped.keyVersion(), unwrapped.keyVersion());
        assertArrayEquals(plain, readAll(unwrapped));
    }

    @Test
    void customerKeyBlobsKeepTheirCheckUnderTheKmsLayer() throws Exception {
        byte[] k = new byte[CustomerKey.LENGTH];
        random.nextBytes(k);
        CustomerKey key = new CustomerKey(k);
        StoredBlob blob = engine.write(new ByteArrayInputStream(new byte[10]), 10, 0, key);
        StoredBlob back = engine.unwrapFromKmsKey(engine.wrapUnderKmsKey(blob, "k"), "k");
        engine.checkCustomerKey(back, key);
        assertThrows(CustomerKeyException.class, () -> engine.checkCustomerKey(back, null));
    }
}
