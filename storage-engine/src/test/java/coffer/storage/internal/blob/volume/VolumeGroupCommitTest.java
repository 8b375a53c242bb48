package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.volume.VolumeTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit measured on real channels: every force is counted by a wrapper around the volume's FileChannel. */
class VolumeGroupCommitTest {
    @TempDir
    Path dir;

    private final List<ForwardingFileChannel> channels = new CopyOnWriteArrayList<>();

    private VolumeBlobEngine open(BlobCodec codec, ForwardingFileChannel.BeforeForce beforeForce) throws IOException {
        return VolumeBlobEngine.open(dir.resolve("volumes"), codec, VolumeSettings.DEFAULTS, file -> {
            ForwardingFileChannel ch = new ForwardingFileChannel(VolumeChannels.DEFAULT.createForAppend(file),
                    beforeForce);
            channels.add(ch);
            return ch;
        });
    }

    private int forces() {
        return channels.stream().mapToInt(c -> c.forces.get()).sum();
    }

    @Test
    void writersWaitingTogetherShareOneForce() throws Exception {
        CountDownLatch firstForceStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        BlobCodec codec = VolumeTestSupport.codec(dir);
        VolumeBlobEngine engine = open(codec, n -> {
            if (n == 1) {
                firstForceStarted.countDown();
                await(releaseFirstForce);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(21);
        try {
            // One write holds the writer in its force; twenty more queue up behind it meanwhile.
            Future<StoredBlob> lone = pool.submit(() -> write(engine, 0));
            assertTrue(firstForceStarted.await(10, TimeUnit.SECONDS));
            List<Future<StoredBlob>> queued = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                int n = i;
                queued.add(pool.submit(() -> write(engine, n)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (engine.queued() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(20, engine.queued());
            releaseFirstForce.countDown();

            List<StoredBlob> blobs = new ArrayList<>();
            blobs.add(lone.get(10, TimeUnit.SECONDS));
            for (Future<StoredBlob> f : queued) {
                blobs.add(f.get(10, TimeUnit.SECONDS));
            }

            assertEquals(2, forces(), "one force for the lone write, one for the twenty that waited together");
            assertEquals(2, engine.forces());
            assertEquals(2, engine.batches());
            engine.close();
            VolumeBlobEngine reopened = open(codec, n -> { });
            for (int i = 0; i < blobs.size(); i++) {
                assertArrayEquals(randomBytes(1000 + i), readAll(reopened, blobs.get(i)), "blob " + i);
            }
            reopened.close();
        } finally {
            pool.shutdownNow();
            engine.close();
        }
    }

    @Test
    void manyConcurrentWritersAreAllDurableWithFewerForcesThanWrites() throws Exception {
        BlobCodec codec = VolumeTestSupport.codec(dir);
        VolumeBlobEngine engine = open(codec, n -> sleep(2));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<StoredBlob>> futures = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            int n = i;
            futures.add(pool.submit(() -> write(engine, n % 50)));
        }
        List<StoredBlob> blobs = new ArrayList<>();
        for (Future<StoredBlob> f : futures) {
            blobs.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        engine.close();

        assertEquals(engine.batches(), forces(), "exactly one force per batch");
        assertTrue(forces() < 320 / 4, "writers share forces: " + forces() + " forces for 320 writes");
        VolumeBlobEngine reopened = open(codec, n -> { });
        for (int i = 0; i < blobs.size(); i++) {
            assertArrayEquals(randomBytes(1000 + i % 50), readAll(reopened, blobs.get(i)));
        }
        reopened.close();
    }

    private static StoredBlob write(VolumeBlobEngine engine, int n) throws IOException {
        byte[] plain = randomBytes(1000 + n);
        return engine.write(new ByteArrayInputStream(plain), plain.length);
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("test latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }
}
