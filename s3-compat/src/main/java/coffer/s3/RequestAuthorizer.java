package coffer.s3;

import coffer.storage.ObjectStorage;

/**
 * Checks, once and before dispatch, that the caller holds what the request's operation needs
 * ({@link coffer.s3.S3Operation#access()}), and resolves what it addresses on the way: the bucket through
 * {@link BucketAccess} (existence, {@code x-amz-expected-bucket-owner}, the bucket's policy, ownership or the bucket's
 * ACL), the object
 * through {@link ObjectAccess} (the version its {@code versionId} names; then its ACL). A copy's
 * source is a second resource, checked on the copy's path; a POST upload's signer is known only once its handler
 * verified the form's policy. Thread-safe.
 */
final class RequestAuthorizer {
    private final BucketAccess buckets;
    private final ObjectAccess objects;

    RequestAuthorizer(ObjectStorage store, BucketAccess buckets) {
        this.buckets = buckets;
        this.objects = new ObjectAccess(store, buckets);
    }

    /** {@code ctx} with what it may act on; throws the S3 error (NoSuchBucket, AccessDenied, ...) otherwise. */
    public RequestContext authorize(RequestContext ctx) {
        RequiredAccess needed = ctx.operation().access();
        return ctx.granted(switch (needed.scope()) {
            case NONE -> Granted.NOTHING;
            case BUCKET_OWNER -> new Granted(buckets.owned(ctx), null);
            case BUCKET -> new Granted(buckets.permitted(ctx, needed.permission()), null);
            case EACH_KEY -> new Granted(buckets.found(ctx), null);
            case OBJECT -> {
                ObjectAccess.Readable target = objects.permitted(ctx, needed.permission());
                yield new Granted(target.bucket(), target.object());
            }
        });
    }
}
