package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import java.util.Map;

/**
 * Get/Put/DeleteObjectTagging and Get/Put/DeleteBucketTagging. The Put operations need Content-MD5 or a checksum
 * header, as AWS; an object's tag set replaces its tags in place (the object's data, ETag and Last-Modified do not
 * change). A bucket's tag set is kept as its normalised Tagging document (bucket document {@value #BUCKET_TAGS}),
 * with the object limits (10 tags; AWS allows a bucket 50); a bucket without one answers NoSuchTagSet.
 * Thread-safe.
 */
final class TaggingHandler {
    /** The bucket document kind of a bucket's tags. */
    static final String BUCKET_TAGS = "tagging";

    private final ObjectStorage store;
    private final XmlReader xml;

    public TaggingHandler(ObjectStorage store, XmlReader xml) {
        this.store = store;
        this.xml = xml;
    }

    public S3Response getObjectTagging(RequestContext ctx) {
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        return versioned(ctx, S3Response.xml(200, new TagSet(object.attributes().tags()).toXml()), object);
    }

    /** The version the answer is about, in a versioned bucket. */
    private static S3Response versioned(RequestContext ctx, S3Response response, ObjectRecord object) {
        if (ctx.bucket().versioning().versioned()) {
            response.header(ObjectReadHandler.VERSION_ID, object.wireVersionId());
        }
        return response;
    }

    public S3Response putObjectTagging(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        IntegrityHeaders.require(ctx);
        var body = xml.parse(ctx.auth().body());
        if (body == null) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        TagSet tags = TagSet.fromXml(body);
        store.setObjectTags(bucket, ctx.key(), versionOf(ctx, object), tags.tags());
        return versioned(ctx, S3Response.ok().contentLength(0), object);
    }

    public S3Response deleteObjectTagging(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        store.setObjectTags(bucket, ctx.key(), versionOf(ctx, object), Map.of());
        return versioned(ctx, S3Response.noContent(), object);
    }

    /** The version a change applies to: the one named, else the current one (null: whatever is current). */
    private static String versionOf(RequestContext ctx, ObjectRecord object) {
        return ctx.params(ObjectParams.class).version() == null ? null : object.wireVersionId();
    }

    public S3Response getBucketTagging(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        String document = store.bucketSettings().document(bucket, BUCKET_TAGS)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_TAG_SET, S3ErrorCode.NO_SUCH_TAG_SET
                        .defaultMessage(), Map.of("BucketName", bucket.name()), null));
        return S3Response.xml(200, document);
    }

    public S3Response putBucketTagging(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        IntegrityHeaders.require(ctx);
        TagSet tags = TagSet.fromXml(xml.parse(ctx.auth().body()));
        store.bucketSettings().putDocument(bucket, BUCKET_TAGS, tags.toXml());
        return S3Response.noContent();
    }

    public S3Response deleteBucketTagging(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        store.bucketSettings().deleteDocument(bucket, BUCKET_TAGS);
        return S3Response.noContent();
    }
}
