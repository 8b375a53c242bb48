package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code transferTo} of a blob read: whole decrypted segments straight to the output, never unverified bytes. */
class SegmentTransferTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final byte[] plain = randomBytes(200_000);
    private LocalBlobEngine engine;
    private StoredBlob blob;

    /** Records each write's length besides its bytes. */
    private static final class Recording extends ByteArrayOutputStream {
        final List<Integer> writes = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(len);
            super.write(b, off, len);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalBlobEngine(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random),
                random);
        blob = write(engine, plain);
    }

    @ParameterizedTest
    @CsvSource({"0,199999,4", "100,150000,3", "65536,131071,1", "70000,70000,1", "131072,199999,2"})
    void writesTheRangeOneSegmentPerWrite(long first, long last, int expectedWrites) throws IOException {
        Recording out = new Recording();
        try (InputStream in = engine.read(blob, first, last)) {
            assertEquals(last - first + 1, in.transferTo(out));
            assertEquals(-1, in.read());
        }
        assertArrayEquals(Arrays.copyOfRange(plain, (int) first, (int) last + 1), out.toByteArray());
        assertEquals(expectedWrites, out.writes.size());
        assertTrue(out.writes.stream().allMatch(n -> n > 0 && n <= BlobFormat.SEGMENT_SIZE));
    }

    @Test
    void continuesWhereReadsLeftOff() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = engine.read(blob, 0, plain.length - 1)) {
            out.write(in.readNBytes(1000));
            in.transferTo(out);
        }
        assertArrayEquals(plain, out.toByteArray());
    }

    @Test
    void aDamagedLaterSegmentStopsTheTransferAfterTheVerifiedOnes() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(engine.pathOf(blob.id()).toFile(), "rw")) {
            long at = BlobFormat.segmentOffset(2) + 10;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = engine.read(blob, 0, plain.length - 1)) {
            assertThrows(BlobCorruptedException.class, () -> in.transferTo(out));
        }
        assertArrayEquals(Arrays.copyOf(plain, 2 * BlobFormat.SEGMENT_SIZE), out.toByteArray());
    }
}
