package coffer.storage.bench;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable small writes: each operation is one 4 KiB blob written through the engine and durable when it returns
 * (what a PUT needs before its catalog commit). Scores are writes per second summed over all writer threads, with
 * 1, 16 and 64 concurrent writers: with one fsync per write, more writers only help as far as the disk overlaps
 * flushes; with group commit ({@link EngineVariant#VOLUMES}) writers waiting together share one force.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmallWriteBenchmark {
    @Param("4096")
    public int sizeBytes;

    @Param({"FILE_PER_BLOB", "VOLUMES"})
    public EngineVariant engine;

    private java.nio.file.Path dir;
    private BlobEngine blobs;
    private byte[] payload;
    private final Queue<StoredBlob> written = new ConcurrentLinkedQueue<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDirectory("small-");
        SecureRandom random = new SecureRandom();
        blobs = engine.open(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);
        payload = new byte[sizeBytes];
        random.nextBytes(payload);
    }

    /**
     * Frees what the iteration wrote, outside the measured time, from 64 threads: a volume delete waits for its
     * tombstone to be durable, so deleting one by one would take one force each.
     */
    @TearDown(Level.Iteration)
    public void removeWritten() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<?>> deletes = new ArrayList<>();
            StoredBlob b;
            while ((b = written.poll()) != null) {
                BlobId id = b.id();
                deletes.add(pool.submit(() -> {
                    blobs.delete(id);
                    return null;
                }));
            }
            for (Future<?> f : deletes) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (blobs instanceof AutoCloseable c) {
            c.close();
        }
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    @Threads(1)
    public StoredBlob writers01() throws IOException {
        return write();
    }

    @Benchmark
    @Threads(16)
    public StoredBlob writers16() throws IOException {
        return write();
    }

    @Benchmark
    @Threads(64)
    public StoredBlob writers64() throws IOException {
        return write();
    }

    private StoredBlob write() throws IOException {
        StoredBlob b = blobs.write(new ByteArrayInputStream(payload), payload.length);
        written.add(b);
        return b;
    }
}
