package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Locale;

/**
 * The value of {@code x-amz-content-sha256}: either the hex SHA-256 of the body or one of AWS's tokens that say
 * how the body is framed and signed. The token strings never change: clients send them and sign them.
 */
record PayloadHash(Kind kind, String value) {

    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    private static final String SIGV4A_PREFIX = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

    /** How the body is framed and checked. */
    public enum Kind {
        /** {@link #value()} is the lower-case hex SHA-256 of the (unframed) body. */
        SHA256_HEX,
        UNSIGNED,
        /** aws-chunked, every chunk signed, no trailer. */
        STREAMING_SIGNED,
        /** aws-chunked, every chunk signed, then signed trailers. */
        STREAMING_SIGNED_TRAILER,
        /** aws-chunked without chunk signatures, then unsigned trailers. */
        STREAMING_UNSIGNED_TRAILER;

        public boolean isStreaming() {
            return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
        }

        public boolean hasChunkSignatures() {
            return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
        }
    }

    public static PayloadHash unsigned() {
        return new PayloadHash(Kind.UNSIGNED, UNSIGNED_PAYLOAD);
    }

    /**
     * Parses a header value. AWS answers an unknown value with 400 InvalidArgument; SigV4a streaming (ECDSA) is
     * a real AWS mode that Coffer cannot verify, so it gets the same 400 (a client error, never a 5xx).
     */
    public static PayloadHash parse(String headerValue) {
        String v = headerValue.trim();
        switch (v) {
            case UNSIGNED_PAYLOAD:
                return new PayloadHash(Kind.UNSIGNED, v);
            case STREAMING_SIGNED:
                return new PayloadHash(Kind.STREAMING_SIGNED, v);
            case STREAMING_SIGNED_TRAILER:
                return new PayloadHash(Kind.STREAMING_SIGNED_TRAILER, v);
            case STREAMING_UNSIGNED_TRAILER:
                return new PayloadHash(Kind.STREAMING_UNSIGNED_TRAILER, v);
            default:
                break;
        }
        if (v.startsWith(SIGV4A_PREFIX)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "SigV4a (ECDSA) streaming signatures are not supported");
        }
        if (v.length() == 64 && isHex(v)) {
            return new PayloadHash(Kind.SHA256_HEX, v.toLowerCase(Locale.ROOT));
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* value, or a valid sha256 value.");
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
