package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.lifecycle.LifecycleConfiguration;
import coffer.storage.lifecycle.LifecycleDays;

/**
 * Get/Put/DeleteBucketLifecycleConfiguration (docs/lifecycle.md) and the {@code x-amz-expiration} header that GET,
 * HEAD and PUT give an object a rule will expire. The rules are applied by the engine's lifecycle worker.
 * Thread-safe.
 */
final class LifecycleHandler {
    static final String EXPIRATION = "x-amz-expiration";

    private final ObjectStorage store;
    private final XmlReader xml;

    LifecycleHandler(ObjectStorage store, XmlReader xml) {
        this.store = store;
        this.xml = xml;
    }

    public S3Response getBucketLifecycleConfiguration(RequestContext ctx) {
        LifecycleConfiguration configuration = store.bucketSettings().lifecycle(ctx.bucket())
                .orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_LIFECYCLE_CONFIGURATION));
        return S3Response.xml(200, LifecycleXml.render(configuration));
    }

    public S3Response putBucketLifecycleConfiguration(RequestContext ctx) {
        LifecycleConfiguration configuration = LifecycleXml.parse(xml.parse(ctx.auth().body()));
        store.bucketSettings().putLifecycle(ctx.bucket(), configuration);
        return S3Response.ok().contentLength(0);
    }

    public S3Response deleteBucketLifecycle(RequestContext ctx) {
        store.bucketSettings().deleteLifecycle(ctx.bucket());
        return S3Response.noContent();
    }

    /**
     * Adds {@code x-amz-expiration} when a rule of the bucket will expire {@code object} (its current version):
     * the date as AWS computes it, in calendar days (midnight UTC after creation plus Days, or the rule's Date),
     * whatever {@code --lifecycle-day-seconds} says; the earliest rule wins.
     */
    static void decorate(ObjectStorage store, Bucket bucket, ObjectRecord object, S3Response response) {
        store.bucketSettings().lifecycle(bucket).flatMap(c -> c.currentExpiry(object.key(), object.size(),
                object.attributes().tags(), object.lastModified(), LifecycleDays.DAY)).ifPresent(expiry ->
                response.header(EXPIRATION, "expiry-date=\"" + HttpDates.header(expiry.date()) + "\", rule-id=\""
                        + expiry.ruleId() + "\""));
    }
}
