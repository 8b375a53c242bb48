package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;

/**
 * {@code x-amz-expected-bucket-owner} (the addressed bucket) and {@code x-amz-source-expected-bucket-owner} (a copy
 * source): when the header names another account than the bucket's owner (by canonical id), the request is
 * refused with 403 AccessDenied, as AWS does, before anything else about the bucket is revealed. Stateless.
 */
final class ExpectedBucketOwner {
    static final String HEADER = "x-amz-expected-bucket-owner";
    static final String SOURCE_HEADER = "x-amz-source-expected-bucket-owner";

    private ExpectedBucketOwner() {
    }

    /** Checks {@code bucket} against the source header when it is a copy source, else the plain one. */
    static void check(RequestContext ctx, Bucket bucket, boolean copySource, CanonicalIds ids) {
        String expected = ctx.header(copySource ? SOURCE_HEADER : HEADER);
        if (expected != null && !CanonicalIds.normalize(expected).equals(ids.of(bucket.ownerId()))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
    }
}
