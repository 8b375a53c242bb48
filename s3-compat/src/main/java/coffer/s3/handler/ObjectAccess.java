package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.Store;

/**
 * Authorization of object reads, decided in one place next to {@link BucketAccess}: the bucket's owner reads any
 * of its objects; an anonymous caller reads (GetObject, HeadObject) only an object whose canned ACL is
 * {@code public-read}. For an anonymous caller a private object and a missing key are both {@code AccessDenied},
 * as AWS answers callers without ListBucket permission; a missing bucket is {@code NoSuchBucket} for everyone.
 * An authenticated caller that does not own the bucket is {@code AccessDenied} (S3Service lets only GetObject and
 * HeadObject reach a handler anonymously). Thread-safe.
 */
public final class ObjectAccess {
    private final Store store;
    private final BucketAccess buckets;

    /** The object a read may serve, and its bucket. */
    public record Readable(Bucket bucket, ObjectRecord object) {
    }

    public ObjectAccess(Store store, BucketAccess buckets) {
        this.store = store;
        this.buckets = buckets;
    }

    /** The addressed object, if the caller may read it; NoSuchKey for the owner when it is missing. */
    public Readable readable(RequestContext ctx) {
        if (ctx.auth().principal().isPresent()) {
            Bucket bucket = buckets.owned(ctx);
            ObjectRecord object = store.findObject(bucket, ctx.key())
                    .orElseThrow(() -> ObjectReadHandler.noSuchKey(ctx.key()));
            return new Readable(bucket, object);
        }
        Bucket bucket = store.findBucket(ctx.bucketName())
                .orElseThrow(() -> BucketAccess.noSuchBucket(ctx.bucketName()));
        ObjectRecord object = store.findObject(bucket, ctx.key())
                .filter(o -> o.attributes().isPublicRead())
                .orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_DENIED));
        return new Readable(bucket, object);
    }
}
