package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import coffer.storage.Store;
import java.util.Map;

/**
 * Authorization, decided in one place: a bucket is reachable only by the account that owns it. A bucket that does
 * not exist is {@code NoSuchBucket}; one owned by another account is {@code AccessDenied}, whatever the operation.
 */
public final class BucketAccess {
    private final Store store;

    public BucketAccess(Store store) {
        this.store = store;
    }

    /** The addressed bucket, if the caller owns it. */
    public Bucket owned(RequestContext ctx) {
        return owned(ctx, ctx.bucketName());
    }

    /** Bucket {@code name} (a copy source, say), if the caller owns it. */
    public Bucket owned(RequestContext ctx, String name) {
        Bucket bucket = store.findBucket(name).orElseThrow(() -> noSuchBucket(name));
        if (bucket.ownerId() != ctx.principal().accountId()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return bucket;
    }

    public static S3Exception noSuchBucket(String name) {
        return new S3Exception(S3ErrorCode.NO_SUCH_BUCKET, S3ErrorCode.NO_SUCH_BUCKET.defaultMessage(),
                Map.of("BucketName", name), null);
    }
}
