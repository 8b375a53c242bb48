package coffer.s3;

import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Authorization of bucket operations, decided in one place, once per request ({@link RequestAuthorizer}). The owner of a bucket may do anything with it (its
 * full control is implicit and cannot be revoked). Another account, or an anonymous caller, may do what the
 * bucket's ACL grants it: READ lists (ListObjects, HeadBucket), WRITE puts and deletes objects, READ_ACP and
 * WRITE_ACP read and replace the ACL ({@link #permitted}); everything else (configuration, DeleteBucket) is for
 * the owner alone ({@link #owned}). A bucket that does not exist is {@code NoSuchBucket}; a refusal is
 * {@code AccessDenied}, as is a bucket owned by another account than the request expects
 * ({@link ExpectedBucketOwner}). Thread-safe.
 */
final class BucketAccess {
    private final ObjectStorage store;
    private final CanonicalIds canonicalIds;

    /** {@code accounts}: where canonical ids come from. */
    public BucketAccess(ObjectStorage store, AccountDirectory accounts) {
        this.store = store;
        this.canonicalIds = new CanonicalIds(accounts);
    }

    /** How accounts appear on the wire (Owner/ID, Grantee/ID), one cache for every handler. */
    public CanonicalIds canonicalIds() {
        return canonicalIds;
    }

    /** The addressed bucket, if the caller owns it. */
    public Bucket owned(RequestContext ctx) {
        return owned(ctx, ctx.bucketName());
    }

    /** Bucket {@code name}, if the caller owns it. */
    public Bucket owned(RequestContext ctx, String name) {
        Bucket bucket = find(name);
        ExpectedBucketOwner.check(ctx, bucket, false, canonicalIds);
        if (!isOwner(ctx, bucket)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return bucket;
    }

    /** The addressed bucket, if the caller owns it or its ACL grants the caller {@code wanted}. */
    public Bucket permitted(RequestContext ctx, Permission wanted) {
        Bucket bucket = find(ctx.bucketName());
        ExpectedBucketOwner.check(ctx, bucket, false, canonicalIds);
        if (!allows(ctx, bucket, wanted)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return bucket;
    }

    /** Whether the caller owns {@code bucket} or its ACL grants the caller {@code wanted}. */
    public boolean allows(RequestContext ctx, Bucket bucket, Permission wanted) {
        // The owner needs no catalog read for its ACL.
        return isOwner(ctx, bucket) || acl(bucket).allows(caller(ctx), wanted);
    }

    public Acl acl(Bucket bucket) {
        return StoredAcl.decode(store.bucketSettings().acl(bucket), bucket.ownerId());
    }

    Bucket find(String name) {
        return store.findBucket(name).orElseThrow(() -> noSuchBucket(name));
    }

    static boolean isOwner(RequestContext ctx, Bucket bucket) {
        OptionalLong caller = caller(ctx);
        return caller.isPresent() && caller.getAsLong() == bucket.ownerId();
    }

    /** The calling account, or empty for an anonymous request. */
    static OptionalLong caller(RequestContext ctx) {
        return ctx.auth().principal().map(Credential::accountId).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    public static S3Exception noSuchBucket(String name) {
        return new S3Exception(S3ErrorCode.NO_SUCH_BUCKET, S3ErrorCode.NO_SUCH_BUCKET.defaultMessage(),
                Map.of("BucketName", name), null);
    }
}
