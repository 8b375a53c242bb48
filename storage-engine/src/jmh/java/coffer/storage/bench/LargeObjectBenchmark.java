package coffer.storage.bench;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One large object written and read through the engine (AES-GCM segments, MD5, force, rename, directory force)
 * against a plain {@link FileChannel} write with {@code force} and a plain read of the same number of bytes: the
 * gap is the price of encryption and durability bookkeeping. {@code engineTransfer} reads as the gateway sends
 * a GET body ({@code transferTo}). Scores are operations per second; one operation moves
 * {@code sizeMiB} MiB ({@link EngineBench} prints MB/s). Reads come from the page cache (the file was just
 * written), so they measure CPU cost, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LargeObjectBenchmark {
    @Param("64")
    public int sizeMiB;

    @Param("FILE_PER_BLOB")
    public EngineVariant engine;

    private Path dir;
    private BlobEngine blobs;
    private byte[] block;
    private long size;
    private StoredBlob readBlob;
    private Path readFile;
    private StoredBlob lastWritten;
    private Path lastPlain;
    private int plainCounter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDirectory("large-");
        SecureRandom random = new SecureRandom();
        blobs = engine.open(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);
        block = BenchFiles.randomBlock();
        size = (long) sizeMiB << 20;
        readBlob = blobs.write(BenchFiles.repeating(block, size), size);
        readFile = dir.resolve("plain-read");
        plainWrite(readFile);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (blobs instanceof AutoCloseable c) {
            c.close();
        }
        BenchFiles.deleteTree(dir);
    }

    /** Frees the disk after each write, outside the measured time. */
    @TearDown(Level.Invocation)
    public void removeWritten() throws IOException {
        if (lastWritten != null) {
            blobs.delete(lastWritten.id());
            lastWritten = null;
        }
        if (lastPlain != null) {
            Files.deleteIfExists(lastPlain);
            lastPlain = null;
        }
    }

    @Benchmark
    public StoredBlob engineWrite() throws IOException {
        lastWritten = blobs.write(BenchFiles.repeating(block, size), size);
        return lastWritten;
    }

    @Benchmark
    public void plainWrite() throws IOException {
        lastPlain = dir.resolve("plain-" + plainCounter++);
        plainWrite(lastPlain);
    }

    @Benchmark
    public void engineRead(Blackhole bh) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = blobs.read(readBlob, 0, size - 1)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                bh.consume(buf[n - 1]);
            }
        }
    }

    /** As {@link #engineRead}, through {@code transferTo}: the way the gateway sends a GET body. */
    @Benchmark
    public void engineTransfer(Blackhole bh) throws IOException {
        try (InputStream in = blobs.read(readBlob, 0, size - 1)) {
            in.transferTo(new OutputStream() {
                @Override
                public void write(int b) {
                    bh.consume(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bh.consume(b[off + len - 1]);
                }
            });
        }
    }

    @Benchmark
    public void plainRead(Blackhole bh) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(readFile, StandardOpenOption.READ)) {
            while (ch.read(buf) > 0) {
                bh.consume(buf.get(buf.position() - 1));
                buf.clear();
            }
        }
    }

    /** The same bytes as the engine gets, in 64 KiB writes from a heap buffer, then one force. */
    private void plainWrite(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             InputStream in = BenchFiles.repeating(block, size)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        }
    }
}
