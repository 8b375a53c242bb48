package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Enforces a POST upload's {@code content-length-range} while the file streams: the read that passes
 * {@code max} throws 400 EntityTooLarge, and the read that reaches EOF below {@code min} throws 400
 * EntityTooSmall, so a consumer that commits only after EOF stores nothing. Not thread-safe.
 */
final class FileSizeLimit extends FilterInputStream {
    private final long min;
    private final long max;
    private long count;

    public FileSizeLimit(InputStream in, long min, long max) {
        super(in);
        this.min = min;
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        account(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            // Some streams answer -1 to an empty read at EOF; that must not count as reaching the end.
            return 0;
        }
        int n = super.read(b, off, len);
        account(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte must be counted; skipping is reading.
        int read = read(new byte[(int) Math.max(0, Math.min(n, 8192))]);
        return Math.max(read, 0);
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    private void account(int n) {
        if (n < 0) {
            if (count < min) {
                throw new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL, S3ErrorCode.ENTITY_TOO_SMALL.defaultMessage(),
                        Map.of("ProposedSize", Long.toString(count), "MinSizeAllowed", Long.toString(min)), null);
            }
            return;
        }
        count += n;
        if (count > max) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, S3ErrorCode.ENTITY_TOO_LARGE.defaultMessage(),
                    Map.of("MaxSizeAllowed", Long.toString(max)), null);
        }
    }
}
