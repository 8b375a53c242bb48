package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.tagging.TagSet;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.Store;
import java.util.Map;

/**
 * Get/Put/DeleteObjectTagging. PutObjectTagging needs Content-MD5 or a checksum header, as AWS; the tag set
 * replaces the object's tags in place (the object's data, ETag and Last-Modified do not change). Thread-safe.
 */
public final class TaggingHandler {
    private final Store store;
    private final BucketAccess access;
    private final XmlReader xml;

    public TaggingHandler(Store store, BucketAccess access, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.xml = xml;
    }

    public S3Response getObjectTagging(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectReadHandler.requireNoVersion(ctx);
        ObjectRecord object = store.findObject(bucket, ctx.key())
                .orElseThrow(() -> ObjectReadHandler.noSuchKey(ctx.key()));
        return S3Response.xml(200, new TagSet(object.attributes().tags()).toXml());
    }

    public S3Response putObjectTagging(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectReadHandler.requireNoVersion(ctx);
        IntegrityHeaders.require(ctx);
        var body = xml.parse(ctx.auth().body());
        if (body == null) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        TagSet tags = TagSet.fromXml(body);
        store.setObjectTags(bucket, ctx.key(), tags.tags());
        return S3Response.ok().contentLength(0);
    }

    public S3Response deleteObjectTagging(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectReadHandler.requireNoVersion(ctx);
        store.setObjectTags(bucket, ctx.key(), Map.of());
        return S3Response.noContent();
    }
}
