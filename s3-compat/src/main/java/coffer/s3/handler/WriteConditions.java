package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.WriteCondition;

/**
 * {@code If-None-Match: *} and {@code If-Match: <etag>} on PutObject, CopyObject and CompleteMultipartUpload. The
 * storage engine decides them in the publishing transaction; this class only parses them. Stateless.
 */
final class WriteConditions {
    private WriteConditions() {
    }

    static WriteCondition of(RequestContext ctx) {
        String ifNoneMatch = ctx.header("If-None-Match");
        String ifMatch = ctx.header("If-Match");
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            // AWS accepts only "*" on writes.
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                    "If-None-Match on a write accepts only the value *");
        }
        return new WriteCondition(ifNoneMatch != null, ifMatch == null ? null : unquote(ifMatch));
    }

    /** An ETag as clients send it ({@code "abc"}, {@code abc}, {@code W/"abc"}) without quotes. */
    static String unquote(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }
}
