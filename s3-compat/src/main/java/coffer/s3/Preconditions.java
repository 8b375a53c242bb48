package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.ObjectRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The conditional headers of GET and HEAD, decided as AWS decides them (RFC 9110 section 13.2.2): If-Match before
 * If-Unmodified-Since (412), If-None-Match before If-Modified-Since (304). When If-Match holds, a failing
 * If-Unmodified-Since is ignored; when If-None-Match fails (304), If-Modified-Since is not consulted.
 */
final class Preconditions {
    private Preconditions() {
    }

    /** Throws 412 PreconditionFailed; returns true when the answer is 304 Not Modified. */
    static boolean notModified(RequestContext ctx, ObjectRecord object) {
        String ifMatch = ctx.header("If-Match");
        String ifNoneMatch = ctx.header("If-None-Match");
        Instant modified = object.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if (ifMatch != null) {
            if (!matches(ifMatch, object.etag())) {
                throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED);
            }
        } else {
            Optional<Instant> since = HttpDates.parseHeader(ctx.header("If-Unmodified-Since"));
            if (since.isPresent() && modified.isAfter(since.get())) {
                throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED);
            }
        }
        if (ifNoneMatch != null) {
            return matches(ifNoneMatch, object.etag());
        } else {
            Optional<Instant> since = HttpDates.parseHeader(ctx.header("If-Modified-Since"));
            return since.isPresent() && !modified.isAfter(since.get());
        }
    }

    /** True when the header lists {@code *} or the object's ETag, quoted or not. */
    static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag) || c.equals(ObjectHeaders.quoted(etag))) {
                return true;
            }
        }
        return false;
    }
}
