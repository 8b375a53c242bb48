package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a SigV4 request (header or presigned form) that carries an {@code x-amz-*} header its signature does
 * not cover, as AWS does: 403 AccessDenied "There were headers present in the request which were not signed",
 * with the names in {@code HeadersNotSigned}. Without it a presigned PUT URL (which signs only {@code host})
 * could be sent with {@code x-amz-copy-source} or {@code x-amz-acl} added, and a captured request replayed with
 * new ones.
 *
 * <p>The one exception is {@code x-amz-content-sha256}: AWS lets it go unsigned, and it cannot change what a
 * request does (in the header form its value is the canonical request's last line, so it is signed anyway; a
 * presigned URL takes its payload hash from the query and ignores the header). {@code x-amzn-*} headers (such as
 * {@code X-Amzn-Trace-Id}, which the AWS SDKs never sign) are not {@code x-amz-*} headers. SigV2 needs no such
 * check: its string to sign holds every {@code x-amz-*} header of the request. Stateless.
 */
final class SignedHeaderCoverage {
    static final String MESSAGE = "There were headers present in the request which were not signed";
    private static final Set<String> MAY_BE_UNSIGNED = Set.of("x-amz-content-sha256");

    private SignedHeaderCoverage() {
    }

    /** @param signedHeaders the lower-case names the signature covers */
    static void require(S3Request request, List<String> signedHeaders) {
        Set<String> unsigned = new TreeSet<>();
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !MAY_BE_UNSIGNED.contains(lower) && !signedHeaders.contains(lower)) {
                unsigned.add(lower);
            }
        }
        if (!unsigned.isEmpty()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, MESSAGE,
                    Map.of("HeadersNotSigned", String.join(", ", unsigned)), null);
        }
    }
}
