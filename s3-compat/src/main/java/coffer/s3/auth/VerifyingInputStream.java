package coffer.s3.auth;

import coffer.s3.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Passes a body through, feeding every byte to its {@link BodyCheck}s, and runs their final checks on the read
 * that reaches EOF: that read throws the {@link S3Exception} instead of returning -1, so a consumer that reads
 * to EOF (the storage engine reads the stated length, then once more expecting -1) never commits a body that
 * failed verification. After a failure every read throws it again; after success EOF repeats.
 *
 * <p>{@code skip} reads through the checks; mark/reset is not supported. Not thread-safe.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final List<BodyCheck> checks;
    private final Runnable onVerified;
    private final byte[] single = new byte[1];
    private long total;
    private boolean verified;
    private S3Exception failure;

    VerifyingInputStream(InputStream in, List<BodyCheck> checks, Runnable onVerified) {
        super(in);
        this.checks = List.copyOf(checks);
        this.onVerified = onVerified;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (S3Exception e) {
            failure = e;
            throw e;
        }
        if (n > 0) {
            total += n;
            for (BodyCheck check : checks) {
                check.update(b, off, n);
            }
            return n;
        }
        if (n < 0) {
            finish();
        }
        return n;
    }

    private void finish() {
        try {
            for (BodyCheck check : checks) {
                check.atEof(total);
            }
        } catch (S3Exception e) {
            failure = e;
            throw e;
        }
        verified = true;
        onVerified.run();
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would feed bytes to the checks twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
