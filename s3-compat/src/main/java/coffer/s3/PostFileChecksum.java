package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.auth.ChecksumTap;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code x-amz-checksum-<alg>} field of a POST upload: the file's checksum the form states. The file streams
 * through a {@link ChecksumTap}; the read that reaches its end throws 400 BadDigest instead of returning -1 when
 * the value differs, so the store never commits it (as a PutObject checksum header). A malformed value is 400
 * InvalidRequest before anything is read. Without the field the object gets the default CRC64NVME. Not
 * thread-safe: one per request.
 */
final class PostFileChecksum extends FilterInputStream {
    private final ChecksumTap tap;
    private final String expected;
    private boolean checked;

    private PostFileChecksum(ChecksumTap tap, String expected) {
        super(tap);
        this.tap = tap;
        this.expected = expected;
    }

    /** The form's checksum field, if any (the first algorithm named, as a request carries one checksum). */
    static Optional<PostFileChecksum> of(Map<String, String> fields, InputStream file) {
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String value = fields.get(a.headerName());
            if (value != null) {
                byte[] decoded = a.decodeValue(value.trim());
                return Optional.of(new PostFileChecksum(new ChecksumTap(file, a),
                        java.util.Base64.getEncoder().encodeToString(decoded)));
            }
        }
        return Optional.empty();
    }

    ChecksumAlgorithm algorithm() {
        return tap.algorithm();
    }

    /** The verified value, once the file has been read to its end. */
    String value() {
        return tap.value();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && !checked) {
            checked = true;
            if (!Arrays.equals(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    tap.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new S3Exception(S3ErrorCode.BAD_DIGEST);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
