package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.regularFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalBlobEngineCustomerKeyTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private MasterKeyring keys;
    private LocalBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
        engine = new LocalBlobEngine(dir.resolve("blobs"), keys, random);
    }

    private CustomerKey newKey() {
        byte[] k = new byte[CustomerKey.LENGTH];
        random.nextBytes(k);
        return new CustomerKey(k);
    }

    private StoredBlob write(byte[] plain, CustomerKey key) throws IOException {
        return engine.write(new ByteArrayInputStream(plain), plain.length, 0, key);
    }

    private byte[] read(StoredBlob blob, long first, long last, CustomerKey key) throws IOException {
        try (InputStream in = engine.read(blob, first, last, key)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65536, 3 * 65536 + 17})
    void roundTripsWithTheSameKey(int size) throws IOException {
        byte[] plain = randomBytes(size);
        CustomerKey key = newKey();
        StoredBlob blob = write(plain, key);
        if (size == 0) {
            assertArrayEquals(plain, read(blob, 0, -1, key));
        } else {
            assertArrayEquals(plain, read(blob, 0, size - 1, key));
            assertArrayEquals(Arrays.copyOfRange(plain, size / 2, size), read(blob, size / 2, size - 1, key));
        }
    }

    @Test
    void unknownLengthWritesRoundTrip() throws IOException {
        byte[] plain = randomBytes(70_000);
        CustomerKey key = newKey();
        StoredBlob blob = engine.write(new ByteArrayInputStream(plain), BlobEngine.UNKNOWN_LENGTH, 3, key);
        assertArrayEquals(plain, read(blob, 0, plain.length - 1, key));
    }

    @Test
    void wrongKeyIsRefusedBeforeDecrypting() throws IOException {
        StoredBlob blob = write(randomBytes(1000), newKey());
        CustomerKeyException e = assertThrows(CustomerKeyException.class, () -> read(blob, 0, 999, newKey()));
        assertEquals(CustomerKeyException.Problem.WRONG, e.problem());
        assertEquals(CustomerKeyException.Problem.WRONG,
                assertThrows(CustomerKeyException.class, () -> engine.checkCustomerKey(blob, newKey())).problem());
    }

    @Test
    void missingKeyIsRefused() throws IOException {
        CustomerKey key = newKey();
        StoredBlob blob = write(randomBytes(1000), key);
        assertEquals(CustomerKeyException.Problem.MISSING,
                assertThrows(CustomerKeyException.class, () -> read(blob, 0, 999, null)).problem());
        assertEquals(CustomerKeyException.Problem.MISSING,
                assertThrows(CustomerKeyException.class, () -> engine.read(blob, 0, 999)).problem());
        engine.checkCustomerKey(blob, key);
    }

    @Test
    void keyForAPlainBlobIsNotApplicable() throws IOException {
        StoredBlob blob = write(randomBytes(10), null);
        assertEquals(CustomerKeyException.Problem.NOT_APPLICABLE,
                assertThrows(CustomerKeyException.class, () -> read(blob, 0, 9, newKey())).problem());
        engine.checkCustomerKey(blob, null);
    }

    /** The key check is only a shortcut: without it, the data key alone still does not open the segments. */
    @Test
    void theCustomerKeyIsNeededToDecrypt() throws IOException {
        byte[] plain = "the plaintext marker SSEC-MARKER".getBytes(StandardCharsets.US_ASCII);
        StoredBlob blob = write(plain, newKey());
        // The header says algorithm 2, so a reader that ignored the customer key fails the header parse.
        Path file = engine.pathOf(blob.id());
        byte[] header = Arrays.copyOf(Files.readAllBytes(file), BlobFormat.HEADER_LENGTH);
        assertEquals(BlobFormat.ALGORITHM_AES_256_GCM_CUSTOMER_KEY, header[5]);
        for (Path f : regularFiles(dir.resolve("blobs"))) {
            assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("SSEC-MARKER"));
        }
    }

    /** Someone with the master key (and so the data key) but not the customer key cannot read the blob. */
    @Test
    void theDataKeyAloneOpensNothing() throws IOException {
        byte[] plain = randomBytes(5000);
        StoredBlob blob = write(plain, newKey());
        byte[] material = keys.unwrapDataKey(blob.wrappedKey(), blob.id().toBytes());
        assertEquals(BlobFormat.DATA_KEY_LENGTH + 32, material.length);
        byte[] dataKey = Arrays.copyOf(material, BlobFormat.DATA_KEY_LENGTH);
        byte[] header = Arrays.copyOf(Files.readAllBytes(engine.pathOf(blob.id())), BlobFormat.HEADER_LENGTH);
        assertThrows(BlobCorruptedException.class, () -> BlobHeader.parse(header, blob.id(), dataKey,
                BlobFormat.ALGORITHM_AES_256_GCM_CUSTOMER_KEY));
        // A catalog row stripped of the key check does not downgrade the blob to algorithm 1.
        StoredBlob stripped = new StoredBlob(blob.id(), blob.size(), blob.md5(), blob.keyVersion(),
                keys.wrapDataKey(dataKey, blob.id().toBytes()));
        assertThrows(BlobCorruptedException.class, () -> read(stripped, 0, plain.length - 1, null));
    }

    @Test
    void toStringHidesTheKey() {
        assertEquals("CustomerKey[redacted]", newKey().toString());
    }
}
