package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Locale;

/**
 * Operations for which AWS requires an integrity header (DeleteObjects, PutBucketCors, ...). Content-MD5 or any
 * {@code x-amz-checksum-*} header satisfies it: the AWS SDK v2 sends a CRC32 and no Content-MD5. The values
 * themselves are verified while the body streams, by the authenticator.
 */
final class IntegrityHeaders {
    private IntegrityHeaders() {
    }

    static void require(RequestContext ctx) {
        if (ctx.header("Content-MD5") != null) {
            return;
        }
        for (String name : ctx.request().headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-checksum-") && !lower.equals("x-amz-checksum-type")) {
                return;
            }
        }
        if (ctx.header("x-amz-trailer") != null) {
            return;
        }
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                "Missing required header for this request: Content-MD5 or x-amz-checksum-*");
    }
}
