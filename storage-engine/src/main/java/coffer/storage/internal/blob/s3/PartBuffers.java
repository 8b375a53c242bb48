package coffer.storage.internal.blob.s3;

import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The fixed set of part buffers every large write to the object store shares: at most {@code count} buffers of
 * {@code bytes} each exist, so uploads use at most {@code count x bytes} of heap however many run at once. A writer
 * that finds none free waits (back-pressure on its client). Buffers are made when first needed and then reused.
 * Thread-safe.
 */
final class PartBuffers {
    private final int bytes;
    private final Semaphore free;
    private final ConcurrentLinkedQueue<byte[]> idle = new ConcurrentLinkedQueue<>();

    PartBuffers(int count, int bytes) {
        this.bytes = bytes;
        this.free = new Semaphore(count, true);
    }

    int bufferBytes() {
        return bytes;
    }

    /** A buffer of {@link #bufferBytes} bytes, waiting for one to be free. */
    byte[] take() throws InterruptedIOException {
        try {
            free.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an upload buffer");
        }
        byte[] b = idle.poll();
        return b != null ? b : new byte[bytes];
    }

    /** Gives back a buffer from {@link #take}. */
    void give(byte[] buffer) {
        idle.add(buffer);
        free.release();
    }
}
