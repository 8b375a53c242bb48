package coffer.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out another stream's bytes no faster than {@code bytesPerSecond}, in pieces of at most 256 KiB, so that an
 * upload stays in flight for a predictable time. {@link #delivered()} may be read from any thread.
 */
public final class ThrottledStream extends InputStream {
    private static final int PIECE = 256 * 1024;

    private final InputStream in;
    private final long bytesPerSecond;
    private final AtomicLong delivered = new AtomicLong();
    private long startNanos = -1;

    public ThrottledStream(InputStream in, long bytesPerSecond) {
        this.in = in;
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        long due = startNanos + delivered.get() * 1_000_000_000L / bytesPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("throttled read interrupted");
            }
        }
        int n = in.read(b, off, Math.min(len, PIECE));
        if (n > 0) {
            delivered.addAndGet(n);
        }
        return n;
    }

    public long delivered() {
        return delivered.get();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
