package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.Versioning;
import java.time.Instant;
import java.util.Map;

/**
 * Get/PutObjectLockConfiguration, Get/PutObjectRetention and Get/PutObjectLegalHold (the bucket's owner only;
 * docs/object-lock.md). The engine decides every change that could weaken a lock, on the locked row; this checks
 * the documents and the bucket's state, with AWS's error codes. Thread-safe.
 */
final class ObjectLockHandler {
    private final ObjectStorage store;
    private final XmlReader xml;

    ObjectLockHandler(ObjectStorage store, XmlReader xml) {
        this.store = store;
        this.xml = xml;
    }

    public S3Response getObjectLockConfiguration(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        if (!bucket.objectLock()) {
            throw new S3Exception(S3ErrorCode.OBJECT_LOCK_CONFIGURATION_NOT_FOUND,
                    S3ErrorCode.OBJECT_LOCK_CONFIGURATION_NOT_FOUND.defaultMessage(),
                    Map.of("BucketName", bucket.name()), null);
        }
        return S3Response.xml(200, ObjectLockHeaders.configuration(store, bucket).toXml());
    }

    /**
     * Sets the default retention; on a bucket without object lock, enables it first if versioning is enabled (as
     * AWS now allows), else InvalidBucketState.
     */
    public S3Response putObjectLockConfiguration(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        IntegrityHeaders.require(ctx);
        LockConfiguration configuration = LockConfiguration.parse(xml.parse(ctx.auth().body()));
        if (ctx.header("x-amz-bucket-object-lock-token") != null && !bucket.objectLock()) {
            throw new S3Exception(S3ErrorCode.INVALID_BUCKET_STATE, "Object Lock is not enabled on this bucket.");
        }
        if (!bucket.objectLock()) {
            if (bucket.versioning() != Versioning.ENABLED) {
                throw new S3Exception(S3ErrorCode.INVALID_BUCKET_STATE,
                        "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
            }
            store.objectLocks().enableObjectLock(bucket);
        }
        store.bucketSettings().putDocument(bucket, LockConfiguration.DOCUMENT, configuration.toXml());
        return S3Response.ok().contentLength(0);
    }

    public S3Response getObjectRetention(RequestContext ctx) {
        requireLockBucket(ctx.bucket());
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        ObjectLock lock = object.attributes().lock();
        if (!lock.hasRetention()) {
            throw new S3Exception(S3ErrorCode.NO_SUCH_OBJECT_LOCK_CONFIGURATION);
        }
        return S3Response.xml(200, new XmlWriter().root("Retention").element("Mode", lock.mode().name())
                .element("RetainUntilDate", ObjectLockHeaders.format(lock.retainUntil())).end().toString());
    }

    /**
     * Sets, extends, shortens or removes (an empty {@code Retention}) the version's retention. Weakening an active
     * retention needs {@code x-amz-bypass-governance-retention: true} in GOVERNANCE mode and is never allowed in
     * COMPLIANCE mode: AccessDenied, decided by the engine.
     */
    public S3Response putObjectRetention(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        requireLockBucket(bucket);
        IntegrityHeaders.require(ctx);
        XmlElement root = xml.parse(ctx.auth().body());
        if (root == null || !root.name().equals("Retention")) {
            throw LockConfiguration.malformed();
        }
        String modeText = root.childText("Mode").orElse(null);
        String dateText = root.childText("RetainUntilDate").orElse(null);
        if ((modeText == null) != (dateText == null)) {
            throw LockConfiguration.malformed();
        }
        ObjectLock.Mode mode = modeText == null ? null : LockConfiguration.mode(modeText);
        Instant until = dateText == null ? null : ObjectLockHeaders.parseDate(dateText, S3ErrorCode.MALFORMED_XML);
        if (until != null) {
            ObjectLockHeaders.requireFuture(until);
        }
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        store.objectLocks().setRetention(bucket, ctx.key(), object.wireVersionId(), mode, until,
                ObjectLockHeaders.bypass(ctx));
        return versioned(S3Response.ok().contentLength(0), object);
    }

    /** OFF for a version whose legal hold was never set (the catalog keeps one flag). */
    public S3Response getObjectLegalHold(RequestContext ctx) {
        requireLockBucket(ctx.bucket());
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        return S3Response.xml(200, new XmlWriter().root("LegalHold")
                .element("Status", object.attributes().lock().legalHold() ? "ON" : "OFF").end().toString());
    }

    public S3Response putObjectLegalHold(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        requireLockBucket(bucket);
        IntegrityHeaders.require(ctx);
        XmlElement root = xml.parse(ctx.auth().body());
        if (root == null || !root.name().equals("LegalHold")) {
            throw LockConfiguration.malformed();
        }
        boolean on = switch (root.childText("Status").orElse("")) {
            case "ON" -> true;
            case "OFF" -> false;
            default -> throw LockConfiguration.malformed();
        };
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        store.objectLocks().setLegalHold(bucket, ctx.key(), object.wireVersionId(), on);
        return versioned(S3Response.ok().contentLength(0), object);
    }

    private static S3Response versioned(S3Response response, ObjectRecord object) {
        return response.header(ObjectReadHandler.VERSION_ID, object.wireVersionId());
    }

    /** Retention and legal holds exist only in a bucket with object lock: InvalidRequest elsewhere, as AWS. */
    private static void requireLockBucket(Bucket bucket) {
        if (!bucket.objectLock()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Bucket is missing Object Lock Configuration");
        }
    }
}
