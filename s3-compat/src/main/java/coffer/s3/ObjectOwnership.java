package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.Locale;
import java.util.Optional;

/**
 * A bucket's Object Ownership rule (PutBucketOwnershipControls, or {@code x-amz-object-ownership} on CreateBucket),
 * kept as the bucket document {@value #DOCUMENT}. A bucket without one has no ownership controls and ACLs work as
 * they always did (as Ceph RGW and ceph/s3-tests expect; AWS gives new buckets BucketOwnerEnforced). With
 * BucketOwnerEnforced, ACLs are disabled: a request that sets one, other than {@code bucket-owner-full-control},
 * is refused with 400 AccessControlListNotSupported. The wire names never change.
 */
enum ObjectOwnership {
    BUCKET_OWNER_ENFORCED("BucketOwnerEnforced"),
    BUCKET_OWNER_PREFERRED("BucketOwnerPreferred"),
    OBJECT_WRITER("ObjectWriter");

    /** The bucket document kind that holds the rule. */
    static final String DOCUMENT = "ownership";
    /** The one canned ACL a BucketOwnerEnforced bucket accepts on writes. */
    static final String OWNER_FULL_CONTROL = "bucket-owner-full-control";

    private final String wireName;

    ObjectOwnership(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<ObjectOwnership> fromWireName(String name) {
        for (ObjectOwnership o : values()) {
            if (o.wireName.equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** The bucket's rule, if it has ownership controls. */
    static Optional<ObjectOwnership> of(ObjectStorage store, Bucket bucket) {
        return store.bucketSettings().document(bucket, DOCUMENT).flatMap(ObjectOwnership::fromWireName);
    }

    /**
     * Refuses an object write that sets an ACL ({@code x-amz-acl} other than {@code bucket-owner-full-control}, or
     * any {@code x-amz-grant-*} header) to a bucket whose ACLs are disabled. The bucket's rule is only read when
     * the request sets an ACL.
     */
    static void requireAclAllowed(ObjectStorage store, Bucket bucket, RequestContext ctx) {
        String canned = ctx.header("x-amz-acl");
        boolean setsAcl = canned != null && !canned.trim().equals(OWNER_FULL_CONTROL)
                || ctx.request().headerNames().stream()
                        .anyMatch(n -> n.toLowerCase(Locale.ROOT).startsWith("x-amz-grant-"));
        if (setsAcl && aclsDisabled(store, bucket)) {
            throw new S3Exception(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED);
        }
    }

    /** Refuses PutBucketAcl and PutObjectAcl on a bucket whose ACLs are disabled. */
    static void requireAclsEnabled(ObjectStorage store, Bucket bucket) {
        if (aclsDisabled(store, bucket)) {
            throw new S3Exception(S3ErrorCode.ACCESS_CONTROL_LIST_NOT_SUPPORTED);
        }
    }

    private static boolean aclsDisabled(ObjectStorage store, Bucket bucket) {
        return of(store, bucket).filter(o -> o == BUCKET_OWNER_ENFORCED).isPresent();
    }
}
