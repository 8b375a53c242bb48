package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.policy.Actions;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.ObjectVersion;
import java.util.Optional;

/**
 * Authorization of object operations, decided in one place next to {@link BucketAccess}. The bucket's owner and
 * the object's owner (the account that wrote it) may do anything with the object; anyone else, anonymous callers
 * included, what the object's ACL grants: READ (GetObject, HeadObject, the source of a copy), READ_ACP and
 * WRITE_ACP. A missing key is {@code NoSuchKey} only for a caller that may list the bucket (its owner, or READ on
 * the bucket), and {@code AccessDenied} for anyone else, as S3 answers; a missing bucket is {@code NoSuchBucket}
 * for everyone. Writing and deleting objects is a bucket permission ({@link BucketAccess}). Thread-safe.
 */
final class ObjectAccess {
    private static final int GET_OBJECT = Actions.index("s3:GetObject");
    private static final int GET_OBJECT_VERSION = Actions.index("s3:GetObjectVersion");
    private final ObjectStorage store;
    private final BucketAccess buckets;

    /** The object an operation may act on, and its bucket. */
    public record Readable(Bucket bucket, ObjectRecord object) {
    }

    public ObjectAccess(ObjectStorage store, BucketAccess buckets) {
        this.store = store;
        this.buckets = buckets;
    }

    /**
     * The addressed object (the version its {@code versionId} names, if any; docs/versioning.md), if the caller
     * holds {@code wanted} on it. A version that is a delete marker is 405 MethodNotAllowed, a latest version that
     * is one 404 NoSuchKey, both with {@code x-amz-delete-marker: true}, as AWS answers.
     */
    public Readable permitted(RequestContext ctx, Permission wanted) {
        ObjectParams params = ctx.params(ObjectParams.class);
        String versionId = params.version();
        Bucket bucket = buckets.find(ctx.bucketName());
        if (versionId == null && !bucket.versioning().versioned()) {
            return permitted(ctx, bucket, ctx.key(), wanted, false);
        }
        ExpectedBucketOwner.check(ctx, bucket, false, buckets.canonicalIds());
        boolean mayList = buckets.mayList(ctx, bucket, ctx.key());
        ObjectRecord object;
        if (versionId == null) {
            object = store.findObject(bucket, ctx.key()).orElse(null);
            if (object == null) {
                S3Exception missing = mayList ? ObjectReadHandler.noSuchKey(ctx.key())
                        : new S3Exception(S3ErrorCode.ACCESS_DENIED);
                Optional<ObjectVersion> marker = store.findVersion(bucket, ctx.key(), null)
                        .filter(ObjectVersion::deleteMarker);
                if (mayList) {
                    // No version left at all (a lifecycle rule removed its last delete marker, say): "false", as
                    // s3-tests expects (test_delete_marker_expiration); AWS leaves the false header out.
                    missing.header("x-amz-delete-marker", marker.isPresent() ? "true" : "false");
                    marker.ifPresent(m -> missing.header(ObjectReadHandler.VERSION_ID, m.versionId()));
                }
                throw missing;
            }
        } else {
            ObjectVersion version = store.findVersion(bucket, ctx.key(), versionId).orElseThrow(() ->
                    mayList ? params.noSuchVersion(ctx.key()) : new S3Exception(S3ErrorCode.ACCESS_DENIED));
            if (version.deleteMarker()) {
                throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED)
                        .header("x-amz-delete-marker", "true")
                        .header(ObjectReadHandler.VERSION_ID, version.versionId())
                        .header("Last-Modified", HttpDates.header(version.lastModified()));
            }
            object = version.object();
        }
        return authorized(ctx, bucket, object, ctx.key(), wanted, BucketAccess.action(ctx));
    }

    /**
     * Object {@code key} of bucket {@code bucketName}, a copy source (checked against
     * {@code x-amz-source-expected-bucket-owner}), if the caller holds {@code wanted}.
     */
    public Readable permitted(RequestContext ctx, String bucketName, String key, Permission wanted) {
        return permitted(ctx, bucketName, key, wanted, true);
    }

    /**
     * Version {@code versionId} of object {@code key} of bucket {@code bucketName}, a copy source, if the caller
     * holds {@code wanted} on it: NoSuchVersion (for a caller that may list the bucket) when there is none, 400
     * InvalidRequest when it is a delete marker, as AWS answers.
     */
    public Readable permittedVersion(RequestContext ctx, String bucketName, String key, String versionId,
                                     Permission wanted) {
        Bucket bucket = buckets.find(bucketName);
        ExpectedBucketOwner.check(ctx, bucket, true, buckets.canonicalIds());
        boolean mayList = buckets.mayList(ctx, bucket, key);
        ObjectVersion version = store.findVersion(bucket, key, versionId).orElseThrow(() -> mayList
                ? new S3Exception(S3ErrorCode.NO_SUCH_VERSION, "The specified version does not exist.",
                        java.util.Map.of("Key", key, "VersionId", versionId), null)
                : new S3Exception(S3ErrorCode.ACCESS_DENIED));
        if (version.deleteMarker()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "The source of a copy request may not specifically refer to a delete marker by version id.");
        }
        return authorized(ctx, bucket, version.object(), key, wanted, GET_OBJECT_VERSION);
    }

    private Readable permitted(RequestContext ctx, String bucketName, String key, Permission wanted,
                               boolean copySource) {
        return permitted(ctx, buckets.find(bucketName), key, wanted, copySource);
    }

    private Readable permitted(RequestContext ctx, Bucket bucket, String key, Permission wanted,
                               boolean copySource) {
        ExpectedBucketOwner.check(ctx, bucket, copySource, buckets.canonicalIds());
        // A missing key of the addressed bucket says it is no delete marker (s3-tests expects the header; AWS
        // leaves a false one out, and clients read its absence the same way).
        ObjectRecord object = store.findObject(bucket, key).orElseThrow(() ->
                !buckets.mayList(ctx, bucket, key) ? new S3Exception(S3ErrorCode.ACCESS_DENIED)
                        : copySource ? ObjectReadHandler.noSuchKey(key)
                        : ObjectReadHandler.noSuchKey(key).header("x-amz-delete-marker", "false"));
        return authorized(ctx, bucket, object, key, wanted, copySource ? GET_OBJECT : BucketAccess.action(ctx));
    }

    /** The object, if the caller may run {@code action} on it (policy, owners, ACL: see BucketAccess.decide). */
    private Readable authorized(RequestContext ctx, Bucket bucket, ObjectRecord object, String key, Permission wanted,
                                int action) {
        if (!buckets.decide(ctx, bucket, action, key, null, () -> object.attributes().tags(), wanted,
                () -> acl(bucket, object))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
        return new Readable(bucket, object);
    }

    /** The object's ACL; objects stored before full ACLs belong to the bucket's owner. */
    public static Acl acl(Bucket bucket, ObjectRecord object) {
        return StoredAcl.decode(object.attributes().acl(), bucket.ownerId());
    }
}
