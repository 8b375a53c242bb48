package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static coffer.storage.internal.blob.volume.VolumeTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers, writers and deleters on threads of their own while volumes seal and the compactor (the background one
 * and explicit calls) rewrites them: no read fails or differs, no deleted blob comes back, before or after a
 * restart.
 */
class VolumeCompactionConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void readsWritesAndDeletesGoOnWhileVolumesAreCompacted() throws Exception {
        BlobCodec codec = VolumeTestSupport.codec(dir);
        // Small volumes seal every few writes; the background compactor looks every 20 ms.
        VolumeSettings settings = new VolumeSettings(4096, 16 * 1024, 2, 1 << 20, 0.3, Duration.ofMillis(20));
        Map<StoredBlob, byte[]> live = new ConcurrentHashMap<>();
        Set<StoredBlob> deleted = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        int compactions;
        try (VolumeBlobEngine engine = VolumeBlobEngine.open(dir.resolve("volumes"), codec, settings,
                VolumeChannels.DEFAULT)) {
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> run(failures, stop, () -> {
                byte[] plain = randomBytes(ThreadLocalRandom.current().nextInt(100, 3000));
                live.put(write(engine, plain), plain);
            })));
            threads.add(new Thread(() -> run(failures, stop, () -> {
                List<StoredBlob> some = List.copyOf(live.keySet());
                if (some.size() > 20) {
                    StoredBlob victim = some.get(ThreadLocalRandom.current().nextInt(some.size()));
                    if (live.remove(victim) != null) {
                        deleted.add(victim);
                        engine.delete(victim.id());
                    }
                }
            })));
            for (int r = 0; r < 2; r++) {
                threads.add(new Thread(() -> run(failures, stop, () -> {
                    for (Map.Entry<StoredBlob, byte[]> e : live.entrySet()) {
                        try {
                            assertArrayEquals(e.getValue(), readAll(engine, e.getKey()));
                            reads.incrementAndGet();
                        } catch (IOException ex) {
                            if (!deleted.contains(e.getKey())) {
                                throw ex; // only a blob deleted meanwhile may be gone
                            }
                        }
                    }
                })));
            }
            threads.forEach(Thread::start);
            compactions = 0;
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                compactions += engine.compact().size();
                Thread.sleep(5);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), () -> failures.peek().toString());
            assertTrue(reads.get() > 0);
            assertTrue(engine.compactions() >= compactions && engine.compactions() > 0, "something was compacted");
            check(engine, live, deleted);
        }
        try (VolumeBlobEngine engine = VolumeBlobEngine.open(dir.resolve("volumes"), codec, settings,
                VolumeChannels.DEFAULT)) {
            check(engine, live, deleted);
            assertEquals(live.size(), engine.stats().stream().mapToLong(VolumeStats::liveRecords).sum());
        }
    }

    private static void check(VolumeBlobEngine engine, Map<StoredBlob, byte[]> live, Set<StoredBlob> deleted)
            throws IOException {
        for (Map.Entry<StoredBlob, byte[]> e : live.entrySet()) {
            assertArrayEquals(e.getValue(), readAll(engine, e.getKey()));
        }
        for (StoredBlob b : deleted) {
            assertFalse(engine.contains(b.id()), "deleted blob came back");
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void run(ConcurrentLinkedQueue<Throwable> failures, AtomicBoolean stop, Step step) {
        try {
            while (!stop.get()) {
                step.run();
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }
}
