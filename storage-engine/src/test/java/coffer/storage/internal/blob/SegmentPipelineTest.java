package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.regularFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentPipelineTest {
    private static final int FIVE_MIB = 5 << 20;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final ExecutorService sealers = SegmentPipeline.newSealers("test-sealer");
    private final byte[] key = randomBytes(32);
    private final BlobHeader header = BlobHeader.create(BlobId.random(random), 3, key);

    @AfterEach
    void tearDown() throws InterruptedException {
        sealers.shutdown();
        assertTrue(sealers.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** The file a one-thread writer makes: header, then each segment sealed in order (docs/storage-format.md). */
    private byte[] sequentialFile(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.toBytes());
        SegmentCipher cipher = new SegmentCipher(key, header);
        long count = BlobFormat.segmentCount(plain.length);
        byte[] sealed = new byte[BlobFormat.SEALED_SEGMENT_SIZE];
        for (long i = 0; i < count; i++) {
            int from = (int) (i << BlobFormat.SEGMENT_SHIFT);
            byte[] segment = Arrays.copyOfRange(plain, from,
                    from + BlobFormat.plaintextLength(i, plain.length));
            out.write(sealed, 0, cipher.seal(i, i == count - 1, segment, segment.length, sealed));
        }
        return out.toByteArray();
    }

    private SegmentPipeline.Result pipe(Path file, InputStream in, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            return new SegmentPipeline(sealers, ch, header, key).write(in, length);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 1_000_000, FIVE_MIB})
    void writesExactlyTheBytesOfTheSequentialWriter(int size) throws Exception {
        byte[] plain = randomBytes(size);
        byte[] expected = sequentialFile(plain);
        byte[] md5 = MessageDigest.getInstance("MD5").digest(plain);

        SegmentPipeline.Result known = pipe(dir.resolve("known"), new ByteArrayInputStream(plain), size);
        SegmentPipeline.Result toEof = pipe(dir.resolve("eof"), new ByteArrayInputStream(plain),
                BlobEngine.UNKNOWN_LENGTH);

        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("known")));
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("eof")));
        assertEquals(BlobFormat.fileLength(size), expected.length);
        assertArrayEquals(md5, known.md5());
        assertArrayEquals(md5, toEof.md5());
        assertEquals(size, known.size());
        assertEquals(size, toEof.size());
    }

    @Test
    void tasksRunInAnyOrderStillGiveTheSequentialFileAndMd5() throws Exception {
        byte[] plain = randomBytes(2_000_000);
        Random delays = new Random(3);
        List<Thread> started = new ArrayList<>();
        Executor shuffling = task -> {
            long delay = delays.nextInt(4);
            Thread t = new Thread(() -> {
                sleepMillis(delay);
                task.run();
            });
            started.add(t);
            t.start();
        };
        Path file = dir.resolve("f");
        SegmentPipeline.Result result;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            result = new SegmentPipeline(shuffling, ch, header, key).write(new ByteArrayInputStream(plain),
                    plain.length);
        }
        assertArrayEquals(sequentialFile(plain), Files.readAllBytes(file));
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(plain), result.md5());
        for (Thread t : started) {
            t.join();
        }
    }

    @Test
    void aStreamReadInSmallPiecesGivesTheSameFile() throws IOException {
        byte[] plain = randomBytes(300_000);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(plain)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        pipe(dir.resolve("f"), trickle, plain.length);
        assertArrayEquals(sequentialFile(plain), Files.readAllBytes(dir.resolve("f")));
    }

    @Test
    void aFailingMiddleSegmentWriteIsThrownByTheWriterAfterAllTasksStopped() throws IOException {
        IOException eio = new IOException("Input/output error");
        Path file = dir.resolve("f");
        // Header and three segments fit; a later segment's write fails.
        long budget = BlobFormat.HEADER_LENGTH + 3L * BlobFormat.SEALED_SEGMENT_SIZE;
        try (FailingChannel ch = new FailingChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), budget, eio, null)) {
            SegmentPipeline pipeline = new SegmentPipeline(sealers, ch, header, key);
            IOException thrown = assertThrows(IOException.class,
                    () -> pipeline.write(new ByteArrayInputStream(randomBytes(FIVE_MIB)), FIVE_MIB));
            assertSame(eio, thrown);
            // write has returned: no task may touch the channel any more.
            long sizeAfter = ch.size();
            sleepBriefly();
            assertEquals(sizeAfter, ch.size());
        }
    }

    @Test
    void aChannelClosedUnderTheTasksFailsTheWrite() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        SegmentPipeline pipeline = new SegmentPipeline(sealers, ch, header, key);
        // The header is written before the first read; every segment write after it meets a closed channel.
        InputStream closesFirst = new FilterInputStream(new ByteArrayInputStream(randomBytes(FIVE_MIB))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                ch.close();
                return super.read(b, off, len);
            }
        };
        assertInstanceOf(ClosedChannelException.class,
                assertThrows(IOException.class, () -> pipeline.write(closesFirst, FIVE_MIB)));
    }

    @Test
    void theEngineRemovesThePartialBlobWhenAMiddleSegmentFails() throws IOException {
        IOException eio = new IOException("Input/output error");
        long budget = BlobFormat.HEADER_LENGTH + 3L * BlobFormat.SEALED_SEGMENT_SIZE;
        List<FailingChannel> opened = new ArrayList<>();
        MasterKeyring keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
        try (LocalBlobEngine engine = new LocalBlobEngine(dir.resolve("blobs"), keys, random, 0, file -> {
            FailingChannel ch = new FailingChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), budget, eio, null);
            opened.add(ch);
            return ch;
        })) {
            assertSame(eio, assertThrows(IOException.class,
                    () -> engine.write(new ByteArrayInputStream(randomBytes(FIVE_MIB)), FIVE_MIB)));
            assertSame(eio, assertThrows(IOException.class, () -> engine.write(
                    new ByteArrayInputStream(randomBytes(FIVE_MIB)), BlobEngine.UNKNOWN_LENGTH)));
            assertEquals(0, regularFiles(dir.resolve("blobs")).size());
            assertEquals(0, opened.get(0).forceCalls);
            assertFalse(opened.get(1).isOpen());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65_536, 200_000, FIVE_MIB})
    void aBodyOfTheWrongLengthFailsAsBeforeAndLeavesNoFile(int declared) throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
        try (LocalBlobEngine engine = new LocalBlobEngine(dir.resolve("blobs"), keys, random)) {
            if (declared > 0) {
                BodyLengthMismatchException shorter = assertThrows(BodyLengthMismatchException.class,
                        () -> engine.write(new ByteArrayInputStream(randomBytes(declared - 1)), declared));
                assertTrue(shorter.tooShort());
            }
            BodyLengthMismatchException longer = assertThrows(BodyLengthMismatchException.class,
                    () -> engine.write(new ByteArrayInputStream(randomBytes(declared + 1)), declared));
            assertFalse(longer.tooShort());
            assertEquals(0, regularFiles(dir.resolve("blobs")).size());
        }
    }

    @Test
    void theStreamsOwnExceptionPropagatesUnchanged() throws IOException {
        IOException broken = new IOException("connection reset");
        byte[] plain = randomBytes(FIVE_MIB);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(plain)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 1_000_000) {
                    throw broken;
                }
                int n = super.read(b, off, len);
                served += Math.max(n, 0);
                return n;
            }
        };
        assertSame(broken, assertThrows(IOException.class, () -> pipe(dir.resolve("f"), failing, FIVE_MIB)));
        assertSame(broken, assertThrows(IOException.class,
                () -> pipe(dir.resolve("g"), new FilterInputStream(new ByteArrayInputStream(plain)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        throw broken;
                    }
                }, BlobEngine.UNKNOWN_LENGTH)));
    }

    @Test
    void aWriterInterruptedWhileWaitingForASlotFailsOnceItsTasksAreDone() throws Exception {
        BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        Path file = dir.resolve("f");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new SegmentPipeline(held::add, ch, header, key).write(
                        new ByteArrayInputStream(randomBytes(FIVE_MIB)), FIVE_MIB);
            } catch (Throwable t) {
                outcome.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        writer.start();
        // All slots handed out (a seal task each, plus the one MD5 task) and none back: the writer now waits.
        while (held.size() < SegmentPipeline.DEPTH + 1) {
            Thread.sleep(5);
        }
        writer.interrupt();
        sleepBriefly();
        assertTrue(writer.isAlive(), "the writer waits for its tasks before it gives up");
        List<Runnable> tasks = new ArrayList<>();
        held.drainTo(tasks);
        tasks.forEach(Runnable::run);
        writer.join(10_000);

        assertFalse(writer.isAlive());
        assertInstanceOf(InterruptedIOException.class, outcome.get());
        assertTrue(flagAfter.get(), "the interrupt flag is kept");
        assertEquals(SegmentPipeline.DEPTH + 1, tasks.size(), "no task was scheduled after the interrupt");
    }

    @Test
    void aClosedEngineRefusesLargeWritesAndLeavesNoFile() throws IOException {
        MasterKeyring keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
        LocalBlobEngine engine = new LocalBlobEngine(dir.resolve("blobs"), keys, random);
        engine.close();

        IOException e = assertThrows(IOException.class,
                () -> engine.write(new ByteArrayInputStream(randomBytes(200_000)), 200_000));
        assertEquals("the blob engine is closed", e.getMessage());
        assertEquals(0, regularFiles(dir.resolve("blobs")).size());
        StoredBlob small = engine.write(new ByteArrayInputStream(randomBytes(10)), 10);
        assertEquals(10, small.size());
    }

    private static void sleepBriefly() {
        sleepMillis(50);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
