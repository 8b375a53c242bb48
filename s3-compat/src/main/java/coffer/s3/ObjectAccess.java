package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;

/**
 * Authorization of object operations, decided in one place next to {@link BucketAccess}. The bucket's owner and
 * the object's owner (the account that wrote it) may do anything with the object; anyone else, anonymous callers
 * included, what the object's ACL grants: READ (GetObject, HeadObject, the source of a copy), READ_ACP and
 * WRITE_ACP. A missing key is {@code NoSuchKey} only for a caller that may list the bucket (its owner, or READ on
 * the bucket), and {@code AccessDenied} for anyone else, as S3 answers; a missing bucket is {@code NoSuchBucket}
 * for everyone. Writing and deleting objects is a bucket permission ({@link BucketAccess}). Thread-safe.
 */
final class ObjectAccess {
    private final ObjectStorage store;
    private final BucketAccess buckets;

    /** The object an operation may act on, and its bucket. */
    public record Readable(Bucket bucket, ObjectRecord object) {
    }

    public ObjectAccess(ObjectStorage store, BucketAccess buckets) {
        this.store = store;
        this.buckets = buckets;
    }

    /** The addressed object, if the caller holds {@code wanted} on it. */
    public Readable permitted(RequestContext ctx, Permission wanted) {
        return permitted(ctx, ctx.bucketName(), ctx.key(), wanted, false);
    }

    /**
     * Object {@code key} of bucket {@code bucketName}, a copy source (checked against
     * {@code x-amz-source-expected-bucket-owner}), if the caller holds {@code wanted}.
     */
    public Readable permitted(RequestContext ctx, String bucketName, String key, Permission wanted) {
        return permitted(ctx, bucketName, key, wanted, true);
    }

    private Readable permitted(RequestContext ctx, String bucketName, String key, Permission wanted,
                               boolean copySource) {
        Bucket bucket = buckets.find(bucketName);
        ExpectedBucketOwner.check(ctx, bucket, copySource, buckets.canonicalIds());
        ObjectRecord object = store.findObject(bucket, key).orElseThrow(() ->
                buckets.allows(ctx, bucket, Permission.READ) ? ObjectReadHandler.noSuchKey(key)
                        : new S3Exception(S3ErrorCode.ACCESS_DENIED));
        if (!BucketAccess.isOwner(ctx, bucket) && !acl(bucket, object).allows(BucketAccess.caller(ctx), wanted)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return new Readable(bucket, object);
    }

    /** The object's ACL; objects stored before full ACLs belong to the bucket's owner. */
    public static Acl acl(Bucket bucket, ObjectRecord object) {
        return StoredAcl.decode(object.attributes().acl(), bucket.ownerId());
    }
}
