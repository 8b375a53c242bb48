package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.Optional;

/**
 * Get/PutBucketLogging (the bucket's owner only, checked before dispatch). The target bucket must exist, belong
 * to the source bucket's owner and differ from the source bucket; anything else is 400
 * InvalidTargetBucketForLogging, with the reason. {@code <BucketLoggingStatus/>} turns logging off. Thread-safe.
 */
final class LoggingHandler {
    private final ObjectStorage store;
    private final XmlReader xml;
    private final LoggingConfigs configs;

    LoggingHandler(ObjectStorage store, XmlReader xml, LoggingConfigs configs) {
        this.store = store;
        this.xml = xml;
        this.configs = configs;
    }

    S3Response getBucketLogging(RequestContext ctx) {
        Optional<BucketLogging> logging = LoggingConfigs.read(store, ctx.bucket());
        return S3Response.xml(200, logging.map(BucketLogging::toXml).orElseGet(BucketLogging::disabledXml));
    }

    S3Response putBucketLogging(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        Optional<BucketLogging> logging = BucketLogging.parse(xml.parse(ctx.auth().body()));
        if (logging.isEmpty()) {
            store.bucketSettings().deleteDocument(bucket, BucketLogging.DOCUMENT);
        } else {
            requireValidTarget(bucket, logging.get().targetBucket());
            store.bucketSettings().putDocument(bucket, BucketLogging.DOCUMENT, logging.get().toXml());
        }
        configs.forget(bucket.name());
        return S3Response.ok().contentLength(0);
    }

    private void requireValidTarget(Bucket source, String targetName) {
        if (targetName.equals(source.name())) {
            throw new S3Exception(S3ErrorCode.INVALID_TARGET_BUCKET_FOR_LOGGING,
                    "The target bucket for logging must not be the logged bucket itself");
        }
        Bucket target = store.findBucket(targetName).orElseThrow(() -> new S3Exception(
                S3ErrorCode.INVALID_TARGET_BUCKET_FOR_LOGGING, "The target bucket for logging does not exist"));
        if (target.ownerId() != source.ownerId()) {
            throw new S3Exception(S3ErrorCode.INVALID_TARGET_BUCKET_FOR_LOGGING,
                    "The owner for the bucket to be logged and the target bucket must be the same.");
        }
    }
}
