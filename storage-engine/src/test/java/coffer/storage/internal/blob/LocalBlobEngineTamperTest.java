package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.assertCorrupted;
import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.readRange;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of damage to a blob file, or to what the catalog holds about it, is detected. */
class LocalBlobEngineTamperTest {
    private static final int SEG = BlobFormat.SEGMENT_SIZE;
    private static final int SEALED = BlobFormat.SEALED_SEGMENT_SIZE;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private LocalBlobEngine engine;
    private byte[] plain;
    private StoredBlob blob;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalBlobEngine(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random),
                random);
        plain = randomBytes(3 * SEG + 500);
        blob = write(engine, plain);
        file = engine.pathOf(blob.id());
    }

    private void flipByteAt(long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x01;
        Files.write(file, bytes);
    }

    @ParameterizedTest(name = "header byte {0}")
    @ValueSource(ints = {0, 4, 5, 8, 12, 27, 29, 30, 61})
    void flippedHeaderByteIsDetected(int offset) throws IOException {
        flipByteAt(offset);
        assertCorrupted(engine, blob, plain);
    }

    @ParameterizedTest(name = "segment byte at {0}")
    @ValueSource(longs = {BlobFormat.HEADER_LENGTH, BlobFormat.HEADER_LENGTH + 1000,
                          BlobFormat.HEADER_LENGTH + 2L * SEALED + 7, BlobFormat.HEADER_LENGTH + 3L * SEALED + 499})
    void flippedCiphertextByteIsDetected(long offset) throws IOException {
        flipByteAt(offset);
        assertCorrupted(engine, blob, plain);
    }

    @ParameterizedTest(name = "tag of segment {0}")
    @ValueSource(ints = {0, 1, 3})
    void flippedTagByteIsDetected(int segment) throws IOException {
        long tagStart = BlobFormat.segmentOffset(segment) + BlobFormat.plaintextLength(segment, blob.size());
        flipByteAt(tagStart + 5);
        assertCorrupted(engine, blob, plain);
    }

    @Test
    void damageInALaterSegmentFailsTheReadBeforeThatSegmentIsReturned() throws IOException {
        flipByteAt(BlobFormat.segmentOffset(2) + 10);

        assertArrayEquals(Arrays.copyOf(plain, 2 * SEG), readRange(engine, blob, 0, 2 * SEG - 1));
        assertThrows(BlobCorruptedException.class, () -> engine.read(blob, 2 * SEG, 2 * SEG).close());
        assertCorrupted(engine, blob, plain);
    }

    @Test
    void droppedLastSegmentIsDetected() throws IOException {
        truncateTo(BlobFormat.segmentOffset(3));
        assertCorrupted(engine, blob, plain);
    }

    @Test
    void fileCutMidSegmentIsDetected() throws IOException {
        truncateTo(BlobFormat.segmentOffset(1) + 1000);
        assertCorrupted(engine, blob, plain);
    }

    @Test
    void appendedBytesAreDetected() throws IOException {
        Files.write(file, new byte[16], StandardOpenOption.APPEND);
        assertCorrupted(engine, blob, plain);
    }

    @Test
    void catalogSizeThatDropsTheLastSegmentIsDetected() throws IOException {
        // File cut to whole segments and a catalog row that agrees: only the last-segment flag reveals it.
        truncateTo(BlobFormat.segmentOffset(3));
        StoredBlob shorter = new StoredBlob(blob.id(), 3L * SEG, blob.md5(), blob.keyVersion(), blob.wrappedKey());

        assertCorrupted(engine, shorter, plain);
    }

    @Test
    void swappedSegmentsAreDetected() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] swapped = bytes.clone();
        int s0 = (int) BlobFormat.segmentOffset(0);
        int s1 = (int) BlobFormat.segmentOffset(1);
        System.arraycopy(bytes, s0, swapped, s1, SEALED);
        System.arraycopy(bytes, s1, swapped, s0, SEALED);
        Files.write(file, swapped);

        assertCorrupted(engine, blob, plain);
    }

    @Test
    void swappedBlobFilesAreDetected() throws IOException {
        byte[] otherPlain = randomBytes(plain.length + 1);
        otherPlain = Arrays.copyOf(otherPlain, plain.length);
        StoredBlob other = write(engine, otherPlain);
        Path otherFile = engine.pathOf(other.id());
        byte[] mine = Files.readAllBytes(file);
        Files.write(file, Files.readAllBytes(otherFile));
        Files.write(otherFile, mine);

        assertCorrupted(engine, blob, plain);
        assertCorrupted(engine, other, otherPlain);
    }

    @Test
    void otherBlobsFileWithItsIdRewrittenIsDetected() throws IOException {
        StoredBlob other = write(engine, randomBytes(plain.length));
        byte[] forged = Files.readAllBytes(engine.pathOf(other.id()));
        System.arraycopy(blob.id().toBytes(), 0, forged, 10, 16);
        Files.write(file, forged);

        assertCorrupted(engine, blob, plain);
    }

    @Test
    void swappedWrappedKeysAreDetected() throws IOException {
        StoredBlob other = write(engine, randomBytes(plain.length));
        StoredBlob mixed = new StoredBlob(blob.id(), blob.size(), blob.md5(), other.keyVersion(), other.wrappedKey());

        assertCorrupted(engine, mixed, plain);
    }

    @Test
    void wrongMasterKeyIsDetected() throws IOException {
        LocalBlobEngine stranger = new LocalBlobEngine(dir.resolve("blobs"),
                MasterKeyring.openOrCreate(dir.resolve("other-keys"), random), random);

        assertCorrupted(stranger, blob, plain);
    }

    @Test
    void damagedEmptyBlobIsDetected() throws IOException {
        StoredBlob empty = write(engine, new byte[0]);
        file = engine.pathOf(empty.id());
        flipByteAt(BlobFormat.HEADER_LENGTH + 3);

        assertThrows(BlobCorruptedException.class, () -> engine.read(empty, 0, -1));
    }

    private void truncateTo(long length) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }
}
