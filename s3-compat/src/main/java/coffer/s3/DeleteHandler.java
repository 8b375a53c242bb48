package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.DeleteCondition;
import coffer.storage.DeleteOutcome;
import coffer.storage.ObjectStorage;
import coffer.storage.ObjectVersion;
import coffer.storage.StoreException;
import java.util.List;

/**
 * DeleteObject (204 whether or not the key existed, as AWS answers) and DeleteObjects: up to 1000 keys, each
 * deleted in its own transaction and reported as Deleted or Error; Quiet mode reports only errors. Both take
 * conditions ({@link DeleteConditions}): a condition that does not hold on an existing object is 412
 * PreconditionFailed (a per-key Error in DeleteObjects); a missing key is deleted without error, whatever the
 * condition, as Ceph RGW answers. The request
 * must carry Content-MD5 or an {@code x-amz-checksum-*} (AWS SDK v2 sends CRC32 and no MD5); the body stream
 * verifies whichever it carries. Thread-safe.
 */
final class DeleteHandler {
    static final int MAX_KEYS = 1000;

    private final ObjectStorage store;
    private final XmlReader xml;
    private final BucketAccess access;

    /** {@code access} decides DeleteObjects key by key (a bucket policy may allow or deny some keys). */
    public DeleteHandler(ObjectStorage store, XmlReader xml, BucketAccess access) {
        this.store = store;
        this.xml = xml;
        this.access = access;
    }

    public S3Response deleteObject(RequestContext ctx) {
        var bucket = ctx.bucket();
        String versionId = ctx.params(ObjectParams.class).version();
        DeleteCondition condition = DeleteConditions.fromHeaders(ctx);
        DeleteOutcome outcome = versionId == null ? store.deleteObject(bucket, ctx.key(), condition)
                : deleteVersion(ctx, bucket, ctx.key(), versionId, condition);
        S3Response response = S3Response.noContent();
        if (outcome.versionId() != null) {
            response.header(ObjectReadHandler.VERSION_ID, outcome.versionId());
        }
        if (outcome.deleteMarker()) {
            response.header("x-amz-delete-marker", "true");
        }
        return response;
    }

    /**
     * A permanent version delete; in a bucket with object lock the engine refuses a locked version (AccessDenied),
     * GOVERNANCE retention giving way to {@code x-amz-bypass-governance-retention: true} (docs/object-lock.md).
     */
    private DeleteOutcome deleteVersion(RequestContext ctx, Bucket bucket, String key, String versionId,
                                        DeleteCondition condition) {
        if (!bucket.objectLock()) {
            return store.deleteVersion(bucket, key, versionId, condition);
        }
        return store.objectLocks().deleteVersion(bucket, key, versionId, condition, ObjectLockHeaders.bypass(ctx));
    }

    public S3Response deleteObjects(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        boolean hasMd5 = ctx.header("Content-MD5") != null;
        if (!hasMd5 && ctx.auth().checksums().requested().isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "Missing required header for this request: Content-MD5");
        }
        XmlElement root = xml.parse(ctx.auth().body());
        if (root == null || !root.name().equals("Delete")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        boolean quiet = root.childText("Quiet").map(Boolean::parseBoolean).orElse(false);
        List<XmlElement> objects = root.childrenNamed("Object");
        if (objects.isEmpty() || objects.size() > MAX_KEYS) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        for (XmlElement o : objects) {
            if (o.child("Key").isEmpty()) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
        }
        XmlWriter doc = new XmlWriter().root("DeleteResult");
        for (XmlElement o : objects) {
            // Keys are taken as sent: whitespace is significant in S3 keys.
            String key = o.child("Key").orElseThrow().text();
            String version = o.childText("VersionId").orElse(null);
            S3ErrorCode error = null;
            String message = null;
            DeleteOutcome outcome = DeleteOutcome.UNVERSIONED;
            if (version != null && !ObjectVersion.isWellFormedId(version)) {
                error = S3ErrorCode.NO_SUCH_VERSION;
                message = error.defaultMessage();
            } else {
                try {
                    ObjectWriteHandler.requireValidKey(key);
                    access.requireOnKey(ctx, bucket, key, version != null, Permission.WRITE);
                    DeleteCondition condition = DeleteConditions.fromObject(o);
                    outcome = version == null ? store.deleteObject(bucket, key, condition)
                            : deleteVersion(ctx, bucket, key, version, condition);
                } catch (S3Exception e) {
                    error = e.error();
                    message = e.getMessage();
                } catch (StoreException e) {
                    if (e.reason() == StoreException.Reason.UNAVAILABLE) {
                        throw e;
                    }
                    S3Exception s3 = EngineErrors.toS3(e);
                    error = s3.error();
                    message = s3.getMessage();
                }
            }
            if (error == null) {
                if (!quiet) {
                    doc.start("Deleted").element("Key", key).element("VersionId", version);
                    if (outcome.deleteMarker()) {
                        doc.element("DeleteMarker", "true");
                        if (version == null) {
                            doc.element("DeleteMarkerVersionId", outcome.versionId());
                        }
                    }
                    doc.end();
                }
            } else {
                doc.start("Error").element("Key", key).element("VersionId", version).element("Code", error.code())
                        .element("Message", message).end();
            }
        }
        return S3Response.xml(200, doc.end().toString());
    }
}
