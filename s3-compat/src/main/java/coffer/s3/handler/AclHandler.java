package coffer.s3.handler;

import coffer.s3.acl.AccessControlPolicy;
import coffer.s3.acl.CannedAcl;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.Store;
import java.util.Locale;
import java.util.Optional;

/**
 * Get/PutBucketAcl and Get/PutObjectAcl for the canned ACLs private and public-read. An object's owner is its
 * bucket's owner. Thread-safe.
 */
public final class AclHandler {
    private final Store store;
    private final BucketAccess access;
    private final XmlReader xml;

    public AclHandler(Store store, BucketAccess access, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.xml = xml;
    }

    public S3Response getBucketAcl(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        CannedAcl acl = CannedAcl.fromStored(store.bucketSettings().acl(bucket));
        return S3Response.xml(200, AccessControlPolicy.render(acl, Owners.id(bucket.ownerId())));
    }

    public S3Response putBucketAcl(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectOwnership.requireAclsEnabled(store, bucket);
        CannedAcl acl = requested(ctx, Owners.id(bucket.ownerId()));
        store.bucketSettings().setAcl(bucket, acl.wireName());
        return S3Response.ok().contentLength(0);
    }

    public S3Response getObjectAcl(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectReadHandler.requireNoVersion(ctx);
        ObjectRecord object = store.findObject(bucket, ctx.key())
                .orElseThrow(() -> ObjectReadHandler.noSuchKey(ctx.key()));
        CannedAcl acl = CannedAcl.fromStored(object.attributes().acl());
        return S3Response.xml(200, AccessControlPolicy.render(acl, Owners.id(bucket.ownerId())));
    }

    public S3Response putObjectAcl(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectReadHandler.requireNoVersion(ctx);
        ObjectOwnership.requireAclsEnabled(store, bucket);
        CannedAcl acl = requested(ctx, Owners.id(bucket.ownerId()));
        store.setObjectAcl(bucket, ctx.key(), acl.wireName());
        return S3Response.ok().contentLength(0);
    }

    /** The ACL a Put*Acl request asks for: the x-amz-acl header, else the AccessControlPolicy body. */
    private CannedAcl requested(RequestContext ctx, String ownerId) {
        Optional<CannedAcl> fromHeader = headerAcl(ctx.request());
        if (fromHeader.isPresent()) {
            return fromHeader.get();
        }
        XmlElement body = xml.parse(ctx.auth().body());
        if (body == null) {
            throw new coffer.s3.error.S3Exception(coffer.s3.error.S3ErrorCode.MALFORMED_XML);
        }
        return AccessControlPolicy.parse(body, ownerId);
    }

    /** The canned ACL of a request's headers (CreateBucket, PutObject, Put*Acl), if it names one. */
    public static Optional<CannedAcl> headerAcl(S3Request request) {
        boolean grants = request.headerNames().stream()
                .anyMatch(n -> n.toLowerCase(Locale.ROOT).startsWith("x-amz-grant-"));
        return CannedAcl.fromHeaders(request.header("x-amz-acl"), grants);
    }
}
