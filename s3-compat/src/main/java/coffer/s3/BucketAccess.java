package coffer.s3;

import coffer.s3.auth.Credential;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.policy.Actions;
import coffer.s3.policy.BucketPolicy;
import coffer.s3.policy.Decision;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Authorization of bucket operations, decided in one place, once per request ({@link RequestAuthorizer}), as AWS
 * decides it (docs/policies.md): an explicit Deny of the bucket's policy refuses, even the bucket's owner (except
 * that the owner can always read, replace and delete the policy itself); otherwise the owner may do anything with
 * its bucket, and anyone else, anonymous callers included, what the policy allows or the bucket's ACL grants: READ
 * lists (ListObjects, HeadBucket), WRITE puts and deletes objects, READ_ACP and WRITE_ACP read and replace the ACL
 * ({@link #permitted}); everything else (configuration, DeleteBucket, multipart, tagging) only the owner and what
 * the policy allows ({@link #owned}). Block Public Access settings take public grants and public policies out of
 * the picture. A bucket that does not exist is {@code NoSuchBucket}; a refusal is {@code AccessDenied}, as is a
 * bucket owned by another account than the request expects ({@link ExpectedBucketOwner}). Thread-safe.
 */
final class BucketAccess {
    private static final int LIST_BUCKET = Actions.index("s3:ListBucket");

    private final ObjectStorage store;
    private final CanonicalIds canonicalIds;
    private final BucketProtections protections;

    /** {@code accounts}: where canonical ids come from. */
    public BucketAccess(ObjectStorage store, AccountDirectory accounts) {
        this.store = store;
        this.canonicalIds = new CanonicalIds(accounts);
        this.protections = new BucketProtections(store, accounts);
    }

    /** How accounts appear on the wire (Owner/ID, Grantee/ID), one cache for every handler. */
    public CanonicalIds canonicalIds() {
        return canonicalIds;
    }

    /** The buckets' policies and Block Public Access settings. */
    public BucketProtections protections() {
        return protections;
    }

    /** The addressed bucket, if the caller owns it or its policy allows the request's action. */
    public Bucket owned(RequestContext ctx) {
        Bucket bucket = found(ctx);
        String key = ctx.target().hasKey() ? ctx.key() : null;
        Supplier<Map<String, String>> tags = key == null ? null : () -> store.findObject(bucket, key)
                .map(o -> o.attributes().tags()).orElse(Map.of());
        if (!decide(ctx, bucket, action(ctx), key, null, tags, null, null)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return bucket;
    }

    /** The addressed bucket, if the caller owns it, its policy allows the request or its ACL grants {@code wanted}. */
    public Bucket permitted(RequestContext ctx, Permission wanted) {
        Bucket bucket = found(ctx);
        String key = ctx.target().hasKey() ? ctx.key() : null;
        if (!decide(ctx, bucket, action(ctx), key, null, null, wanted, () -> acl(bucket))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return bucket;
    }

    /** The addressed bucket, whatever the caller may do in it (operations decided key by key: DeleteObjects). */
    public Bucket found(RequestContext ctx) {
        Bucket bucket = find(ctx.bucketName());
        ExpectedBucketOwner.check(ctx, bucket, false, canonicalIds);
        return bucket;
    }

    /** Refuses (AccessDenied) the request's action on object {@code key} unless allowed as for {@link #permitted}. */
    public void requireOnKey(RequestContext ctx, Bucket bucket, String key, boolean version, Permission wanted) {
        int action = PolicyActions.index(ctx.operation(), version);
        if (!decide(ctx, bucket, action, key, null, null, wanted, () -> acl(bucket))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
    }

    /**
     * Whether the caller may list {@code bucket} for {@code key}: s3:ListBucket with {@code key} as s3:prefix, or
     * READ on the bucket; decides whether a missing key is NoSuchKey or AccessDenied.
     */
    public boolean mayList(RequestContext ctx, Bucket bucket, String key) {
        return decide(ctx, bucket, LIST_BUCKET, null, key, null, Permission.READ, () -> acl(bucket));
    }

    /**
     * The decision, in AWS's order: an explicit Deny of the policy; the owner; an Allow of the policy (not for a
     * public policy under RestrictPublicBuckets); the ACL's grant of {@code aclWanted} (null: none can do), without
     * public grants under IgnorePublicAcls.
     *
     * @param key    the object addressed (its ARN is the resource), or null for the bucket
     * @param prefix s3:prefix, when not the request's own
     * @param tags   the addressed object's tags, for s3:ExistingObjectTag; null when it has none to offer
     */
    boolean decide(RequestContext ctx, Bucket bucket, int action, String key, String prefix,
                   Supplier<Map<String, String>> tags, Permission aclWanted, Supplier<Acl> acl) {
        BucketProtections.Protection protection = protections.of(bucket);
        boolean owner = isOwner(ctx, bucket);
        BucketPolicy policy = protection.policy();
        if (!policy.isEmpty()) {
            Decision decision = policy.evaluate(new RequestConditions(ctx, action, bucket.name(), key, prefix, tags));
            if (decision == Decision.DENY && !(owner && managesPolicy(ctx.operation()))) {
                return false;
            }
            if (owner) {
                return true;
            }
            if (decision == Decision.ALLOW
                    && !(protection.block().restrictPublicBuckets() && policy.isPublic())) {
                return true;
            }
        } else if (owner) {
            return true;
        }
        if (protection.broken() || aclWanted == null) {
            return false;
        }
        return acl.get().allows(caller(ctx), aclWanted, protection.block().ignorePublicAcls());
    }

    /** The request's own action (its operation, on a version when it names one). */
    static int action(RequestContext ctx) {
        return PolicyActions.index(ctx.operation(), ctx.query().has("versionId"));
    }

    /** The bucket's owner can always read, replace and delete the policy, so that no policy locks it out. */
    private static boolean managesPolicy(S3Operation op) {
        return op == S3Operation.GetBucketPolicy || op == S3Operation.PutBucketPolicy
                || op == S3Operation.DeleteBucketPolicy;
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
