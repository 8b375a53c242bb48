package coffer.s3.auth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Computes one checksum over the bytes read through it, for a checksum the server calculates itself (the default
 * CRC64NVME of a request that sent none, or an algorithm named by {@code x-amz-sdk-checksum-algorithm} without a
 * value). {@link #value()} is the base64 digest of everything read so far; ask for it once the body has been read
 * to its end. Not thread-safe.
 */
public final class ChecksumTap extends FilterInputStream {
    private final ChecksumAlgorithm algorithm;
    private final BodyDigest digest;
    private String value;

    public ChecksumTap(InputStream in, ChecksumAlgorithm algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.digest = algorithm.newDigest();
    }

    public ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the digest; read them instead.
        byte[] sink = new byte[(int) Math.min(8192, Math.max(n, 0))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
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

    /** The base64 checksum of the bytes read; computed on the first call. */
    public String value() {
        if (value == null) {
            value = Base64.getEncoder().encodeToString(digest.finish());
        }
        return value;
    }
}
