package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.Optional;

/**
 * Get/PutBucketAcl and Get/PutObjectAcl. Reading an ACL takes READ_ACP, replacing it WRITE_ACP (owners always
 * may). The new ACL comes from the {@code x-amz-acl} / {@code x-amz-grant-*} headers, else from the
 * AccessControlPolicy body; it replaces the whole list, and the owner stays the owner (an Owner/ID naming anyone
 * else is {@code AccessDenied}). Changing an object's ACL leaves its data and Last-Modified alone. Thread-safe.
 */
final class AclHandler {
    private final ObjectStorage store;
    private final BucketAccess access;
    private final AclRequests requests;
    private final XmlReader xml;

    public AclHandler(ObjectStorage store, BucketAccess access, AclRequests requests, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.requests = requests;
        this.xml = xml;
    }

    public S3Response getBucketAcl(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        return S3Response.xml(200, AccessControlPolicy.render(access.acl(bucket), access.canonicalIds()));
    }

    public S3Response putBucketAcl(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectOwnership.requireAclsEnabled(store, bucket);
        Acl acl = requested(ctx, bucket.ownerId(), bucket.ownerId());
        store.bucketSettings().setAcl(bucket, StoredAcl.encode(acl, bucket.ownerId()));
        return S3Response.ok().contentLength(0);
    }

    public S3Response getObjectAcl(RequestContext ctx) {
        return S3Response.xml(200, AccessControlPolicy.render(ObjectAccess.acl(ctx.bucket(), ctx.object()),
                access.canonicalIds()));
    }

    public S3Response putObjectAcl(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectOwnership.requireAclsEnabled(store, bucket);
        long owner = ObjectAccess.acl(bucket, ctx.object()).ownerId();
        Acl acl = requested(ctx, owner, bucket.ownerId());
        String versionId = ctx.params(ObjectParams.class).version() == null ? null : ctx.object().wireVersionId();
        store.setObjectAcl(bucket, ctx.key(), versionId, StoredAcl.encode(acl, bucket.ownerId()));
        return S3Response.ok().contentLength(0);
    }

    /** The ACL a Put*Acl request asks for: the headers', else the AccessControlPolicy body's. */
    private Acl requested(RequestContext ctx, long owner, long bucketOwner) {
        Optional<Acl> fromHeaders = requests.fromHeaders(ctx, owner, bucketOwner);
        if (fromHeaders.isPresent()) {
            return fromHeaders.get();
        }
        AccessControlPolicy policy = AccessControlPolicy.parse(body(ctx));
        if (policy.ownerId().isPresent() && !CanonicalIds.normalize(policy.ownerId().get()).equals(access.canonicalIds().of(owner))) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "The owner of a resource cannot be changed");
        }
        return requests.requireNotBlocked(ctx, new Acl(owner, requests.resolver().resolve(policy.grants())));
    }

    private XmlElement body(RequestContext ctx) {
        try {
            return xml.parse(ctx.auth().body());
        } catch (S3Exception e) {
            if (e.error() == S3ErrorCode.MALFORMED_XML) {
                throw new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR, S3ErrorCode.MALFORMED_ACL_ERROR.defaultMessage(),
                        e);
            }
            throw e;
        }
    }
}
