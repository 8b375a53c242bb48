package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.blob.CustomerKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * PutObject, with the conditional writes {@code If-None-Match: *} and {@code If-Match}; stores the checksum chosen
 * by {@link ChecksumPlan}, the ACL of the request's headers ({@link AclRequests}) and the tags of
 * {@code x-amz-tagging}. Needs WRITE on the bucket: an object's own ACL never lets anyone overwrite it, as in S3.
 * Thread-safe.
 */
final class ObjectWriteHandler {
    /** AWS's limit for a single PUT. */
    public static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    static final int MAX_KEY_BYTES = 1024;
    static final String SDK_CHECKSUM_ALGORITHM = "x-amz-sdk-checksum-algorithm";

    private final ObjectStorage store;
    private final AclRequests acls;
    private final SseHeaders sse;

    public ObjectWriteHandler(ObjectStorage store, AclRequests acls) {
        this.store = store;
        this.acls = acls;
        this.sse = new SseHeaders(store);
    }

    public S3Response putObject(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        requireValidKey(ctx.key());
        long length = ctx.auth().contentLength();
        if (length < 0) {
            throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
        }
        if (length > MAX_SINGLE_PUT) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, S3ErrorCode.ENTITY_TOO_LARGE.defaultMessage(),
                    java.util.Map.of("ProposedSize", Long.toString(length),
                            "MaxSizeAllowed", Long.toString(MAX_SINGLE_PUT)), null);
        }
        ObjectMetadata metadata = ObjectHeaders.fromRequest(ctx.request());
        var condition = WriteConditions.of(ctx);
        ObjectOwnership.requireAclAllowed(store, bucket, ctx);
        String acl = acls.forNewObject(ctx, bucket, () -> ObjectOwnership.of(store, bucket));
        TagSet tags = TagSet.fromHeader(ctx.header("x-amz-tagging"));
        ChecksumPlan checksum = ChecksumPlan.forObject(ctx.auth().checksums(), ctx.header(SDK_CHECKSUM_ALGORITHM));
        Optional<CustomerKey> customerKey = CustomerKeys.fromRequest(ctx);
        ObjectEncryption encryption = sse.forWrite(ctx, bucket, customerKey.isPresent());
        ObjectLock lock = ObjectLockHeaders.forWrite(ctx, store, bucket);
        // The engine reserves the whole length before the first body byte is read, even when the key exists:
        // the replaced object's bytes come back only when the new one commits.
        PutObject put = PutObject.of(bucket, ctx.key(), checksum.body(ctx.auth().body()), length)
                .metadata(metadata).condition(condition).customerKey(customerKey.orElse(null))
                .attributes(() -> new ObjectAttributes(new ObjectChecksum(checksum.algorithm().wireName(),
                        ObjectChecksum.FULL_OBJECT, checksum.value()), acl, tags.tags(), List.of(), encryption, lock))
                .quota(QuotaClaim.declared(bucket.ownerId(), length)).build();
        ObjectRecord stored = EngineCalls.io(() -> store.putObject(put));
        S3Response response = S3Response.ok().header("ETag", ObjectHeaders.quoted(stored.etag())).contentLength(0);
        echoVersion(response, stored);
        CustomerKeys.echo(response, customerKey);
        if (customerKey.isEmpty()) {
            SseHeaders.echo(response, encryption);
        }
        Checksums.echo(ctx, response);
        LifecycleHandler.decorate(store, bucket, stored, response);
        return response;
    }

    /** {@code x-amz-version-id} of a write that made a version with an id (a versioned bucket's, not a null one). */
    static void echoVersion(S3Response response, ObjectRecord stored) {
        if (stored.versionId() != null) {
            response.header(ObjectReadHandler.VERSION_ID, stored.versionId());
        }
    }

    static void requireValidKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Exception(S3ErrorCode.KEY_TOO_LONG);
        }
    }
}
