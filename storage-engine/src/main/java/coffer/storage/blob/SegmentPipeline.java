package coffer.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes the header and segments of one blob file in two overlapping stages, so that a large write costs about
 * its slowest step rather than the sum of its steps. The calling thread reads the plaintext one segment at a time
 * and feeds the MD5; each segment is handed to a shared executor whose task seals it (AES-GCM) and writes it at
 * its own offset ({@link BlobFormat#segmentOffset}). Segments may therefore be sealed and written out of order and
 * several at a time; the file's bytes are exactly those of a sequential writer, because a sealed segment depends
 * only on its index, its last-segment flag, its plaintext and the header (docs/storage-format.md).
 *
 * <p>Memory: at most {@link #DEPTH} slots per write (a plaintext and a sealed buffer and a cipher each), created
 * on demand and recycled; the reader waits for a free slot, so a slow disk slows the reader instead of growing a
 * queue. A blob of a single segment is sealed and written on the calling thread: there is nothing to overlap.
 *
 * <p>Errors: the first failure of a task is kept and thrown by the reader at its next hand-off or at the end;
 * later tasks of a failed write skip their work. Whatever the outcome, {@link #write} returns or throws only once
 * none of its tasks is running or queued, so the caller may close and delete the file at once. Interrupting the
 * reader while it waits for a slot fails the write with {@link InterruptedIOException}; the wait for the tasks
 * still running then ignores interrupts (each is one segment) and restores the interrupt flag.
 *
 * <p>One instance per write, driven by one thread; it synchronizes with its own tasks. Holds the blob key only
 * through the ciphers of its slots; the caller zeroes its copy after {@link #write} returns.
 */
final class SegmentPipeline {
    /** Slots per write: enough to keep a sealer busy while the reader fills the next segment. */
    static final int DEPTH = 4;

    /** The MD5 of the plaintext and its length. */
    record Result(byte[] md5, long size) {
    }

    private final Executor sealers;
    private final FileChannel channel;
    private final BlobHeader header;
    private final byte[] blobKey;
    private final MessageDigest md5 = md5();
    private final ArrayDeque<Slot> free = new ArrayDeque<>(DEPTH);
    private int created;
    private int inFlight;
    private Throwable failure;
    private boolean abandoned;

    /** One segment's buffers and its own cipher (a {@link SegmentCipher} is single-threaded). */
    private static final class Slot {
        final byte[] plain = new byte[BlobFormat.SEGMENT_SIZE];
        final byte[] sealed = new byte[BlobFormat.SEALED_SEGMENT_SIZE];
        final SegmentCipher cipher;

        Slot(SegmentCipher cipher) {
            this.cipher = cipher;
        }
    }

    SegmentPipeline(Executor sealers, FileChannel channel, BlobHeader header, byte[] blobKey) {
        this.sealers = Objects.requireNonNull(sealers, "sealers");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.header = Objects.requireNonNull(header, "header");
        this.blobKey = Objects.requireNonNull(blobKey, "blobKey");
    }

    /**
     * The executor an engine shares among its writes: one daemon thread per core (at least two), started on
     * demand and ended after 30 idle seconds, so an engine that is never closed leaves no thread behind for long.
     * Its queue is unbounded, but holds at most {@link #DEPTH} tasks per running write.
     */
    static ExecutorService newSealers(String name) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Writes the header and the sealed segments of {@code length} plaintext bytes ({@link BlobEngine#UNKNOWN_LENGTH}:
     * up to the end of the stream). With a known length, reads exactly that many bytes and then once more,
     * expecting the end of the stream (where verifying wrappers check their digests).
     */
    Result write(InputStream in, long length) throws IOException {
        try {
            writeAt(channel, header.toBytes(), BlobFormat.HEADER_LENGTH, 0);
            Result result = length == BlobEngine.UNKNOWN_LENGTH ? segmentsToEof(in) : segments(in, length);
            awaitTasks();
            return result;
        } catch (Throwable t) {
            abandon(t);
            throw t;
        }
    }

    private Result segments(InputStream in, long length) throws IOException {
        long count = BlobFormat.segmentCount(length);
        for (long index = 0; index < count; index++) {
            int want = BlobFormat.plaintextLength(index, length);
            Slot slot = acquire();
            if (in.readNBytes(slot.plain, 0, want) < want) {
                throw new BodyLengthMismatchException(length, true);
            }
            hand(slot, index, index == count - 1, want, count == 1);
        }
        if (in.read() != -1) {
            throw new BodyLengthMismatchException(length, false);
        }
        return new Result(md5.digest(), length);
    }

    /** A full segment is handed on only once the next byte (or the end) is seen: the last is sealed differently. */
    private Result segmentsToEof(InputStream in) throws IOException {
        Slot slot = acquire();
        int filled = in.readNBytes(slot.plain, 0, BlobFormat.SEGMENT_SIZE);
        long size = 0;
        for (long index = 0; ; index++) {
            // readNBytes returns less than asked only at the end of the stream.
            int next = filled < BlobFormat.SEGMENT_SIZE ? -1 : in.read();
            boolean last = next < 0;
            size += filled;
            hand(slot, index, last, filled, index == 0 && last);
            if (last) {
                return new Result(md5.digest(), size);
            }
            slot = acquire();
            slot.plain[0] = (byte) next;
            filled = 1 + in.readNBytes(slot.plain, 1, BlobFormat.SEGMENT_SIZE - 1);
        }
    }

    /**
     * Starts sealing and writing the segment in {@code slot}, then feeds its plaintext to the MD5 meanwhile (the
     * task only reads {@code plain}, and the slot comes back to this thread only through {@link #acquire}).
     */
    private void hand(Slot slot, long index, boolean last, int length, boolean inline) throws IOException {
        if (inline) {
            md5.update(slot.plain, 0, length);
            sealAndWrite(slot, index, last, length);
            synchronized (this) {
                free.push(slot);
            }
            return;
        }
        synchronized (this) {
            inFlight++;
        }
        try {
            sealers.execute(() -> runTask(slot, index, last, length));
        } catch (RejectedExecutionException e) {
            finished(slot, null);
            throw new IOException("the blob engine is closed", e);
        }
        md5.update(slot.plain, 0, length);
    }

    private void runTask(Slot slot, long index, boolean last, int length) {
        Throwable error = null;
        try {
            if (!isAbandoned()) {
                sealAndWrite(slot, index, last, length);
            }
        } catch (Throwable t) {
            error = t;
        }
        finished(slot, error);
    }

    private void sealAndWrite(Slot slot, long index, boolean last, int length) throws IOException {
        int sealedLength = slot.cipher.seal(index, last, slot.plain, length, slot.sealed);
        writeAt(channel, slot.sealed, sealedLength, BlobFormat.segmentOffset(index));
    }

    private synchronized boolean isAbandoned() {
        return abandoned || failure != null;
    }

    /** A task is over (or was never started): its slot is free again. */
    private synchronized void finished(Slot slot, Throwable error) {
        if (error != null && failure == null) {
            failure = error;
        }
        free.push(slot);
        inFlight--;
        notifyAll();
    }

    private Slot acquire() throws IOException {
        synchronized (this) {
            while (true) {
                throwFailure();
                if (!free.isEmpty()) {
                    return free.pop();
                }
                if (created < DEPTH) {
                    created++;
                    break;
                }
                waitForTask();
            }
        }
        return new Slot(new SegmentCipher(blobKey, header));
    }

    /** Waits until no task of this write is queued or running, then throws the first failure if any. */
    private synchronized void awaitTasks() throws IOException {
        while (inFlight > 0) {
            waitForTask();
        }
        throwFailure();
    }

    /** Makes the remaining tasks skip their work and waits for them; a task failure rides along as suppressed. */
    private synchronized void abandon(Throwable cause) {
        abandoned = true;
        boolean interrupted = false;
        while (inFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (failure != null && failure != cause) {
            cause.addSuppressed(failure);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForTask() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while writing a blob");
            io.initCause(e);
            throw io;
        }
    }

    private void throwFailure() throws IOException {
        Throwable f = failure;
        if (f == null) {
            return;
        }
        if (f instanceof IOException) {
            throw (IOException) f;
        }
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
        throw new IOException("sealing a blob segment failed", f);
    }

    /** Writes {@code length} bytes at {@code position}; a full disk becomes {@link InsufficientStorageException}. */
    static void writeAt(FileChannel ch, byte[] bytes, int length, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (buf.hasRemaining()) {
                ch.write(buf, position + buf.position());
            }
        } catch (IOException e) {
            throw FreeSpaceReserve.translate(e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JDK", e);
        }
    }
}
