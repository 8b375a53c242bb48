package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.List;
import java.util.Optional;

/**
 * Get/Put/DeleteBucketOwnershipControls: one rule, {@code <OwnershipControls><Rule><ObjectOwnership>}. A bucket
 * without controls answers Get with 404 OwnershipControlsNotFoundError; BucketOwnerEnforced is refused while the
 * bucket's ACL grants more than its owner (400 InvalidBucketAclWithObjectOwnership). Thread-safe.
 */
final class OwnershipControlsHandler {
    private final ObjectStorage store;
    private final BucketAccess access;
    private final XmlReader xml;

    public OwnershipControlsHandler(ObjectStorage store, BucketAccess access, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.xml = xml;
    }

    public S3Response getBucketOwnershipControls(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectOwnership rule = ObjectOwnership.of(store, bucket)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.OWNERSHIP_CONTROLS_NOT_FOUND));
        return S3Response.xml(200, new XmlWriter().root("OwnershipControls").start("Rule")
                .element("ObjectOwnership", rule.wireName()).end().end().toString());
    }

    public S3Response putBucketOwnershipControls(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectOwnership rule = parse(xml.parse(ctx.auth().body()));
        requireCompatibleAcl(rule, !access.acl(bucket).equals(Acl.privateTo(bucket.ownerId())));
        store.bucketSettings().putDocument(bucket, ObjectOwnership.DOCUMENT, rule.wireName());
        return S3Response.ok().contentLength(0);
    }

    public S3Response deleteBucketOwnershipControls(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        store.bucketSettings().deleteDocument(bucket, ObjectOwnership.DOCUMENT);
        return S3Response.noContent();
    }

    /** BucketOwnerEnforced needs a bucket ACL that grants nothing beyond the owner. */
    static void requireCompatibleAcl(ObjectOwnership rule, boolean aclBeyondOwner) {
        if (rule == ObjectOwnership.BUCKET_OWNER_ENFORCED && aclBeyondOwner) {
            throw new S3Exception(S3ErrorCode.INVALID_BUCKET_ACL_WITH_OBJECT_OWNERSHIP);
        }
    }

    /** Exactly one Rule with a known ObjectOwnership; anything else is MalformedXML. */
    static ObjectOwnership parse(XmlElement root) {
        if (root == null || !root.name().equals("OwnershipControls")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        List<XmlElement> rules = root.childrenNamed("Rule");
        if (rules.size() != 1) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        return rules.get(0).childText("ObjectOwnership").flatMap(ObjectOwnership::fromWireName)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
    }

    /**
     * CreateBucket's {@code x-amz-object-ownership} header, if any: an unknown value is 400 InvalidArgument, and
     * BucketOwnerEnforced with a bucket ACL beyond private is InvalidBucketAclWithObjectOwnership.
     */
    static Optional<ObjectOwnership> fromCreateBucket(String header, boolean aclBeyondOwner) {
        if (header == null) {
            return Optional.empty();
        }
        ObjectOwnership rule = ObjectOwnership.fromWireName(header.trim()).orElseThrow(() -> new S3Exception(
                S3ErrorCode.INVALID_ARGUMENT, "Invalid x-amz-object-ownership header: " + header.trim()));
        requireCompatibleAcl(rule, aclBeyondOwner);
        return Optional.of(rule);
    }
}
