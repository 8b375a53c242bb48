package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.readRange;
import static coffer.storage.internal.blob.BlobTestSupport.regularFiles;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk and a failing fsync, through the free space reserve and the channel seam. */
class LocalBlobEngineFaultTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private MasterKeyring keys;
    private LocalBlobEngine healthy;
    private final byte[] earlier = randomBytes(100_000);
    private StoredBlob earlierBlob;

    @BeforeEach
    void setUp() throws IOException {
        keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
        healthy = new LocalBlobEngine(blobDir(), keys, random);
        earlierBlob = write(healthy, earlier);
    }

    private Path blobDir() {
        return dir.resolve("blobs");
    }

    private void assertOnlyTheEarlierBlobRemainsReadable() throws IOException {
        assertEquals(List.of(healthy.pathOf(earlierBlob.id())), regularFiles(blobDir()));
        assertArrayEquals(earlier, readRange(healthy, earlierBlob, 0, earlier.length - 1));
    }

    @Test
    void aWriteThatWouldEatIntoTheReserveIsRefusedBeforeAnythingIsWritten() throws IOException {
        LocalBlobEngine full = new LocalBlobEngine(blobDir(), keys, random, Long.MAX_VALUE / 2);
        int[] read = {0};
        ByteArrayInputStream body = new ByteArrayInputStream(randomBytes(5000)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                read[0]++;
                return super.read(b, off, len);
            }
        };

        assertThrows(InsufficientStorageException.class, () -> full.write(body, 5000));
        assertThrows(InsufficientStorageException.class,
                () -> full.write(new ByteArrayInputStream(new byte[0]), BlobEngine.UNKNOWN_LENGTH));

        assertEquals(0, read[0], "the body is not read when the write is refused up front");
        assertOnlyTheEarlierBlobRemainsReadable();
        assertArrayEquals(earlier, readRange(full, earlierBlob, 0, earlier.length - 1), "reads keep working");
    }

    @Test
    void aSmallReserveLetsWritesThrough() throws IOException {
        LocalBlobEngine reserved = new LocalBlobEngine(blobDir(), keys, random, 1);
        byte[] plain = randomBytes(3000);
        assertArrayEquals(plain, readRange(reserved, write(reserved, plain), 0, plain.length - 1));
    }

    @Test
    void noSpaceLeftMidWriteBecomesInsufficientStorageAndLeavesNoFile() throws IOException {
        IOException enospc = new IOException("No space left on device");
        List<FailingChannel> opened = new ArrayList<>();
        LocalBlobEngine engine = new LocalBlobEngine(blobDir(), keys, random, 0, file -> {
            FailingChannel ch = new FailingChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 200_000, enospc, null);
            opened.add(ch);
            return ch;
        });

        InsufficientStorageException e = assertThrows(InsufficientStorageException.class,
                () -> write(engine, randomBytes(1_000_000)));
        assertSame(enospc, e.getCause());
        InsufficientStorageException unknownLength = assertThrows(InsufficientStorageException.class,
                () -> engine.write(new ByteArrayInputStream(randomBytes(1_000_000)), BlobEngine.UNKNOWN_LENGTH));
        assertSame(enospc, unknownLength.getCause());

        assertEquals(2, opened.size());
        assertEquals(0, opened.get(0).forceCalls, "a failed write is never forced");
        assertOnlyTheEarlierBlobRemainsReadable();
    }

    @Test
    void aFailedForceFailsTheWriteOnceWithoutRetryAndLeavesNoFile() throws IOException {
        IOException eio = new IOException("Input/output error");
        List<FailingChannel> opened = new ArrayList<>();
        LocalBlobEngine engine = new LocalBlobEngine(blobDir(), keys, random, 0, file -> {
            FailingChannel ch = new FailingChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), Long.MAX_VALUE, null, eio);
            opened.add(ch);
            return ch;
        });

        assertSame(eio, assertThrows(IOException.class, () -> write(engine, randomBytes(70_000))));

        assertEquals(1, opened.size());
        assertEquals(1, opened.get(0).forceCalls, "fsync is tried exactly once");
        assertOnlyTheEarlierBlobRemainsReadable();
    }

    @Test
    void enospcFromForceIsAlsoInsufficientStorage() throws IOException {
        LocalBlobEngine engine = new LocalBlobEngine(blobDir(), keys, random, 0, file -> new FailingChannel(
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), Long.MAX_VALUE,
                null, new IOException("No space left on device")));

        assertThrows(InsufficientStorageException.class, () -> write(engine, randomBytes(10)));
        assertOnlyTheEarlierBlobRemainsReadable();
    }

    @Test
    void onlyFullDiskMessagesCountAsOutOfSpace() {
        assertTrue(FreeSpaceReserve.isOutOfSpace(new IOException("No space left on device")));
        assertTrue(FreeSpaceReserve.isOutOfSpace(new IOException("Disk quota exceeded")));
        assertTrue(FreeSpaceReserve.isOutOfSpace(new InsufficientStorageException("reserve")));
        assertFalse(FreeSpaceReserve.isOutOfSpace(new IOException("Input/output error")));
        assertFalse(FreeSpaceReserve.isOutOfSpace(new IOException()));
        IOException other = new IOException("Broken pipe");
        assertSame(other, FreeSpaceReserve.translate(other));
    }
}
