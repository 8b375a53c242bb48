package coffer.storage.internal.blob;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.InsufficientStorageException;
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
 * Writes the header and segments of one blob file in three overlapping stages, so that a large write costs about
 * its slowest step rather than the sum of its steps: the calling thread only reads the plaintext, one segment at a
 * time (in the gateway it also runs the request's own checks: aws-chunked decoding, signatures, CRCs); each
 * segment then goes to a shared executor twice, to a task that seals it (AES-GCM) and writes it at its own offset
 * ({@link BlobFormat#segmentOffset}), and to the MD5, whose single task per write takes segments strictly in
 * order. Segments may therefore be sealed and written out of order and several at a time; the file's bytes are
 * exactly those of a sequential writer, because a sealed segment depends only on its index, its last-segment flag,
 * its plaintext and the header (docs/storage-format.md).
 *
 * <p>Memory: at most {@link #DEPTH} slots per write (a plaintext and a sealed buffer and a cipher each), created
 * on demand and recycled once both stages are done with them; the reader waits for a free slot, so a slow stage
 * slows the reader instead of growing a queue. No task ever waits for another, so a busy executor delays writes
 * but cannot deadlock them. A blob of a single segment is handled on the calling thread: nothing to overlap.
 *
 * <p>Errors: the first failure of a task is kept and thrown by the reader at its next hand-off or at the end;
 * later tasks of a failed write skip their work. Whatever the outcome, {@link #write} returns or throws only once
 * none of its tasks is running or queued, so the caller may close and delete the file at once. Interrupting the
 * reader while it waits for a slot fails the write with {@link InterruptedIOException}; the wait for the tasks
 * still running then ignores interrupts (each is one segment, or the MD5 of the few queued) and restores the
 * interrupt flag.
 *
 * <p>One instance per write, driven by one thread; it synchronizes with its own tasks. Holds the blob key only
 * through the ciphers of its slots; the caller zeroes its copy after {@link #write} returns.
 */
final class SegmentPipeline {
    /** Slots per write: enough to keep both stages busy while the reader fills the next segment. */
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
    /** Segments the MD5 has yet to take, in order; {@link #digesting} while a task works through them. */
    private final ArrayDeque<Slot> digestQueue = new ArrayDeque<>(DEPTH);
    private boolean digesting;
    private int created;
    private int inFlight;
    private Throwable failure;
    private boolean abandoned;

    /**
     * One segment's buffers and its own cipher (a {@link SegmentCipher} is single-threaded). {@code length} and
     * {@code pending} (stages still using it) are guarded by the pipeline's lock.
     */
    private static final class Slot {
        final byte[] plain = new byte[BlobFormat.SEGMENT_SIZE];
        final byte[] sealed = new byte[BlobFormat.SEALED_SEGMENT_SIZE];
        final SegmentCipher cipher;
        int length;
        int pending;

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
            long size = length == BlobEngine.UNKNOWN_LENGTH ? segmentsToEof(in) : segments(in, length);
            awaitTasks();
            return new Result(md5.digest(), size);
        } catch (Throwable t) {
            abandon(t);
            throw t;
        }
    }

    private long segments(InputStream in, long length) throws IOException {
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
        return length;
    }

    /** A full segment is handed on only once the next byte (or the end) is seen: the last is sealed differently. */
    private long segmentsToEof(InputStream in) throws IOException {
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
                return size;
            }
            slot = acquire();
            slot.plain[0] = (byte) next;
            filled = 1 + in.readNBytes(slot.plain, 1, BlobFormat.SEGMENT_SIZE - 1);
        }
    }

    /**
     * Passes the segment in {@code slot} to both stages: a task that seals and writes it, and the MD5 queue (whose
     * single task takes segments strictly in order). Both only read {@code plain}; the slot is free again once both
     * are done with it.
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
        boolean startDigester;
        synchronized (this) {
            slot.length = length;
            slot.pending = 2;
            digestQueue.add(slot);
            startDigester = !digesting;
            digesting = true;
            inFlight += startDigester ? 2 : 1;
        }
        try {
            sealers.execute(() -> sealTask(slot, index, last, length));
        } catch (RejectedExecutionException e) {
            throw notScheduled(startDigester ? 2 : 1, e);
        }
        if (startDigester) {
            try {
                sealers.execute(this::digestTask);
            } catch (RejectedExecutionException e) {
                throw notScheduled(1, e);
            }
        }
    }

    private synchronized IOException notScheduled(int tasks, RejectedExecutionException cause) {
        IOException closed = new IOException("the blob engine is closed", cause);
        if (failure == null) {
            failure = closed;
        }
        inFlight -= tasks;
        notifyAll();
        return closed;
    }

    private void sealTask(Slot slot, long index, boolean last, int length) {
        Throwable error = null;
        try {
            if (!isAbandoned()) {
                sealAndWrite(slot, index, last, length);
            }
        } catch (Throwable t) {
            error = t;
        }
        synchronized (this) {
            stageDone(slot, error);
            inFlight--;
        }
    }

    /** Feeds queued segments to the MD5 in order until the queue is empty (or the write failed), then ends. */
    private void digestTask() {
        while (true) {
            Slot slot;
            synchronized (this) {
                slot = abandoned || failure != null ? null : digestQueue.poll();
                if (slot == null) {
                    digesting = false;
                    inFlight--;
                    notifyAll();
                    return;
                }
            }
            Throwable error = null;
            try {
                md5.update(slot.plain, 0, slot.length);
            } catch (Throwable t) {
                error = t;
            }
            synchronized (this) {
                stageDone(slot, error);
            }
        }
    }

    private void sealAndWrite(Slot slot, long index, boolean last, int length) throws IOException {
        int sealedLength = slot.cipher.seal(index, last, slot.plain, length, slot.sealed);
        writeAt(channel, slot.sealed, sealedLength, BlobFormat.segmentOffset(index));
    }

    private synchronized boolean isAbandoned() {
        return abandoned || failure != null;
    }

    /** One stage is done with {@code slot} (call holding the lock); the last one frees it. */
    private void stageDone(Slot slot, Throwable error) {
        if (error != null && failure == null) {
            failure = error;
        }
        if (--slot.pending == 0) {
            free.push(slot);
        }
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
