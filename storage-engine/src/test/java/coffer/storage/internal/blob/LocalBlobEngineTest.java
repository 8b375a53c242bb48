package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.readRange;
import static coffer.storage.internal.blob.BlobTestSupport.regularFiles;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalBlobEngineTest {
    private static final int SEG = BlobFormat.SEGMENT_SIZE;

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

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 3 * 65536, 5 * 1024 * 1024 + 123})
    void roundTrips(int size) throws Exception {
        byte[] plain = randomBytes(size);

        StoredBlob blob = write(engine, plain);

        assertEquals(size, blob.size());
        assertEquals(1, blob.keyVersion());
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(plain), blob.md5());
        Path file = engine.pathOf(blob.id());
        String id = blob.id().value();
        assertEquals(dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id), file);
        assertEquals(BlobFormat.fileLength(size), Files.size(file));
        assertEquals(List.of(file), regularFiles(dir.resolve("blobs")), "no temp file may remain");
        assertArrayEquals(plain, readRange(engine, blob, 0, size - 1));
    }

    @Test
    void emptyObjectHasTheWellKnownMd5AndOneEmptySegment() throws IOException {
        StoredBlob blob = write(engine, new byte[0]);

        assertEquals("d41d8cd98f00b204e9800998ecf8427e", HexFormat.of().formatHex(blob.md5()));
        assertEquals(BlobFormat.HEADER_LENGTH + BlobFormat.TAG_LENGTH, Files.size(engine.pathOf(blob.id())));
        assertArrayEquals(new byte[0], readRange(engine, blob, 0, -1));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0,65535", "65535,65535", "65535,65536", "65536,65536", "65536,131071", "131071,131072",
                "100,196707", "196608,196707", "196707,196707", "1,196706"})
    void rangeReadsAcrossSegmentBoundaries(long first, long last) throws IOException {
        byte[] plain = randomBytes(3 * SEG + 100);
        StoredBlob blob = write(engine, plain);

        assertArrayEquals(Arrays.copyOfRange(plain, (int) first, (int) last + 1), readRange(engine, blob, first, last));
    }

    @Test
    void singleByteReadsMatchBulkReads() throws IOException {
        byte[] plain = randomBytes(SEG + 10);
        StoredBlob blob = write(engine, plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = engine.read(blob, SEG - 5, SEG + 9)) {
            for (int b; (b = in.read()) != -1; ) {
                out.write(b);
            }
        }
        assertArrayEquals(Arrays.copyOfRange(plain, SEG - 5, SEG + 10), out.toByteArray());
    }

    @Test
    void rangeOutsideTheBlobIsRejected() throws IOException {
        StoredBlob blob = write(engine, randomBytes(10));

        assertThrows(IllegalArgumentException.class, () -> engine.read(blob, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> engine.read(blob, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> engine.read(blob, -1, 3));
    }

    @Test
    void aNewEngineWithTheReloadedKeyringReadsOldBlobs() throws IOException {
        byte[] plain = randomBytes(2 * SEG + 1);
        StoredBlob blob = write(engine, plain);

        LocalBlobEngine restarted = new LocalBlobEngine(dir.resolve("blobs"),
                MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);

        assertArrayEquals(plain, readRange(restarted, blob, 0, plain.length - 1));
    }

    @Test
    void blobsAreStillReadableAfterKeyRotation() throws IOException {
        byte[] plain = randomBytes(1000);
        StoredBlob old = write(engine, plain);
        MasterKeyring.addVersion(dir.resolve("keys"), random);
        LocalBlobEngine rotated = new LocalBlobEngine(dir.resolve("blobs"),
                MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);

        StoredBlob fresh = write(rotated, plain);

        assertEquals(2, fresh.keyVersion());
        assertEquals(2, MasterKeyring.versionOf(fresh.wrappedKey()));
        assertArrayEquals(plain, readRange(rotated, old, 0, 999));
        assertArrayEquals(plain, readRange(rotated, fresh, 0, 999));
    }

    @Test
    void deleteRemovesTheFileAndToleratesAMissingBlob() throws IOException {
        StoredBlob blob = write(engine, randomBytes(100));

        engine.delete(blob.id());
        engine.delete(blob.id());

        assertFalse(Files.exists(engine.pathOf(blob.id())));
        assertThrows(NoSuchFileException.class, () -> engine.read(blob, 0, 99));
    }

    @Test
    void partNumberIsRecordedInTheHeader() throws IOException {
        byte[] plain = randomBytes(10);
        StoredBlob blob = engine.write(new java.io.ByteArrayInputStream(plain), 10, 42);

        byte[] header = Arrays.copyOf(Files.readAllBytes(engine.pathOf(blob.id())), BlobFormat.HEADER_LENGTH);
        assertArrayEquals(new byte[] {0, 0, 0, 42}, Arrays.copyOfRange(header, 26, 30));
        assertArrayEquals(plain, readRange(engine, blob, 0, 9));
    }

    @Test
    void concurrentWritersAndReadersDoNotInterfere() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int size = 1000 + t * 9000;
                results.add(pool.submit(() -> {
                    byte[] plain = randomBytes(size);
                    StoredBlob blob = write(engine, plain);
                    assertArrayEquals(plain, readRange(engine, blob, 0, size - 1));
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, regularFiles(dir.resolve("blobs")).size());
    }
}
