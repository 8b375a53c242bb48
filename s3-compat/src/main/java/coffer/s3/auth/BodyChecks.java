package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.codec.binary.Hex;

/** The checks a request body can be subject to, each deciding at EOF. */
final class BodyChecks {
    private BodyChecks() {
    }

    /** The body must have exactly {@code expected} bytes (Content-Length). */
    static BodyCheck length(long expected) {
        return new BodyCheck() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                // counted by the stream
            }

            @Override
            public void atEof(long totalBytes) {
                if (totalBytes < expected) {
                    throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
                }
                if (totalBytes > expected) {
                    throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                            "The request body is longer than its Content-Length");
                }
            }
        };
    }

    /** {@code x-amz-content-sha256} as a hex SHA-256. */
    static BodyCheck payloadSha256(String expectedHex) {
        return new DigestCheck(BodyDigest.of("SHA-256"), () -> decodeHex(expectedHex),
                () -> new S3Exception(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH), actual -> { });
    }

    /** {@code Content-MD5}, already decoded to its 16 bytes. */
    static BodyCheck contentMd5(byte[] expected) {
        return new DigestCheck(BodyDigest.of("MD5"), () -> expected,
                () -> new S3Exception(S3ErrorCode.BAD_DIGEST), actual -> { });
    }

    /**
     * A flexible checksum whose expected value is known only at EOF (a trailer) or already (a header);
     * {@code onVerified} receives the matching digest.
     */
    static BodyCheck checksum(ChecksumAlgorithm algorithm, Supplier<byte[]> expected, Consumer<byte[]> onVerified) {
        return new DigestCheck(algorithm.newDigest(), expected, () -> new S3Exception(S3ErrorCode.BAD_DIGEST,
                "The " + algorithm.wireName() + " you specified did not match the calculated checksum."), onVerified);
    }

    private static byte[] decodeHex(String hex) {
        try {
            return Hex.decodeHex(hex);
        } catch (org.apache.commons.codec.DecoderException e) {
            throw new IllegalArgumentException("not hex", e);
        }
    }

    private static final class DigestCheck implements BodyCheck {
        private final BodyDigest digest;
        private final Supplier<byte[]> expected;
        private final Supplier<S3Exception> mismatch;
        private final Consumer<byte[]> onVerified;

        DigestCheck(BodyDigest digest, Supplier<byte[]> expected, Supplier<S3Exception> mismatch,
                    Consumer<byte[]> onVerified) {
            this.digest = digest;
            this.expected = expected;
            this.mismatch = mismatch;
            this.onVerified = onVerified;
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public void atEof(long totalBytes) {
            byte[] want = expected.get();
            byte[] actual = digest.finish();
            if (!MessageDigest.isEqual(want, actual)) {
                throw mismatch.get();
            }
            onVerified.accept(actual);
        }
    }
}
