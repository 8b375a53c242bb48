package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.QuotaClaim;
import coffer.storage.StoreException;
import coffer.storage.blob.CustomerKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * CopyObject without copying data: the new row names the source's blobs (see {@link ObjectStorage#copyObject}).
 * {@code x-amz-metadata-directive} COPY (the default) takes content headers and user metadata from the source;
 * REPLACE takes them from the request, and headers it does not resend are dropped, as AWS does. Copying an object
 * onto itself is only allowed with REPLACE (rclone sets modification times this way). The copy keeps the source's
 * checksum, gets the request's ACL (private to the caller by default, as AWS) and, per {@code x-amz-tagging-directive},
 * the source's tags (COPY, the default) or those of {@code x-amz-tagging} (REPLACE). When the source or the target
 * uses SSE-C ({@link CustomerKeys}), or the copy's KMS key (see {@link SseHeaders}) is not the source's, the data
 * is streamed and re-encrypted instead (see {@link CopyObject#reencrypts}): an SSE-C source needs its key in
 * the {@code x-amz-copy-source-} headers. The copy's encryption is what the request asks for, else the bucket
 * default, never the source's (as AWS). Thread-safe.
 */
final class CopyHandler {
    /** How often a copy re-reads a source that was replaced between the read and the publishing transaction. */
    static final int SOURCE_ATTEMPTS = 3;

    private final ObjectStorage store;
    private final BucketAccess access;
    private final AclRequests acls;
    private final SseHeaders sse;

    public CopyHandler(ObjectStorage store, BucketAccess access, AclRequests acls) {
        this.store = store;
        this.access = access;
        this.acls = acls;
        this.sse = new SseHeaders(store);
    }

    public S3Response copyObject(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectWriteHandler.requireValidKey(ctx.key());
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        boolean replace = replaceMetadata(ctx);
        boolean newEncryption = ctx.header(SseHeaders.ALGORITHM) != null || ctx.header(CustomerKeys.ALGORITHM) != null;
        if (!replace && !newEncryption && source.isCurrent(ctx.bucketName(), ctx.key())) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is trying to"
                    + " copy an object to itself without changing the object's metadata, storage class, website"
                    + " redirect location or encryption attributes.");
        }
        var condition = WriteConditions.of(ctx);
        ObjectMetadata requested = replace ? ObjectHeaders.fromRequest(ctx.request()) : null;
        ObjectOwnership.requireAclAllowed(store, bucket, ctx);
        String acl = acls.forNewObject(ctx, bucket, () -> ObjectOwnership.of(store, bucket));
        TagSet newTags = replaceTags(ctx) ? TagSet.fromHeader(ctx.header("x-amz-tagging")) : null;
        // Onto itself in an unversioned bucket: it replaces an object of the same size (a versioned bucket keeps it).
        boolean ontoItself = source.isCurrent(ctx.bucketName(), ctx.key()) && !bucket.versioning().versioned();
        Optional<CustomerKey> sourceKey = CustomerKeys.fromCopySource(ctx);
        Optional<CustomerKey> targetKey = CustomerKeys.fromRequest(ctx);
        ObjectEncryption encryption = sse.forWrite(ctx, bucket, targetKey.isPresent());
        ObjectLock lock = ObjectLockHeaders.forWrite(ctx, store, bucket, false);
        AtomicReference<ObjectRecord> read = new AtomicReference<>();
        ObjectRecord copied = retryOnSourceChange(() -> {
            ObjectRecord src = source.resolve(ctx, store, access);
            read.set(src);
            // A copy onto itself (a metadata change) replaces an object of the same size: no growth, nothing to
            // reserve, so it works on a full account too. Any other copy reserves the source's size.
            CopyObject copy = CopyObject.of(src, bucket, ctx.key()).sourceKey(sourceKey.orElse(null))
                    .metadata(replace ? requested : src.metadata()).condition(condition).acl(acl)
                    .tags(newTags == null ? src.attributes().tags() : newTags.tags()).encryption(encryption)
                    .customerKey(targetKey.orElse(null)).lock(lock)
                    .quota(ontoItself ? QuotaClaim.NONE : QuotaClaim.declared(bucket.ownerId(), src.size())).build();
            if (!copy.reencrypts()) {
                checkSourceKey(src);
            }
            return EngineCalls.io(() -> store.copyObject(copy));
        });
        XmlWriter doc = new XmlWriter().root("CopyObjectResult")
                .element("LastModified", HttpDates.xml(copied.lastModified()))
                .element("ETag", ObjectHeaders.quoted(copied.etag()));
        AttributeHeaders.checksumXml(doc, copied.attributes().checksum());
        S3Response response = CustomerKeys.echo(S3Response.xml(200, doc.end().toString()), targetKey);
        ObjectWriteHandler.echoVersion(response, copied);
        if (source.versionId() != null || read.get().versionId() != null) {
            response.header("x-amz-copy-source-version-id", read.get().wireVersionId());
        }
        return targetKey.isPresent() ? response : SseHeaders.echo(response, encryption);
    }

    /** A source written with a customer key cannot be copied (shared) without that key. */
    private void checkSourceKey(ObjectRecord src) {
        try {
            store.checkCustomerKey(src, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a copy that read its source outside the publishing transaction; when the source changed meanwhile the
     * read (and the copy conditions) are repeated on the new version.
     */
    static <T> T retryOnSourceChange(Supplier<T> copy) {
        for (int attempt = 1; ; attempt++) {
            try {
                return copy.get();
            } catch (StoreException e) {
                if (e.reason() != StoreException.Reason.SOURCE_CHANGED || attempt == SOURCE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** {@code x-amz-tagging-directive}: COPY (default) keeps the source's tags, REPLACE takes x-amz-tagging. */
    private static boolean replaceTags(RequestContext ctx) {
        String directive = ctx.header("x-amz-tagging-directive");
        if (directive == null) {
            return false;
        }
        return switch (directive.trim().toUpperCase(Locale.ROOT)) {
            case "COPY" -> false;
            case "REPLACE" -> true;
            default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unknown tagging directive.");
        };
    }

    private static boolean replaceMetadata(RequestContext ctx) {
        String directive = ctx.header("x-amz-metadata-directive");
        if (directive == null) {
            return false;
        }
        return switch (directive.trim().toUpperCase(Locale.ROOT)) {
            case "COPY" -> false;
            case "REPLACE" -> true;
            default -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unknown metadata directive.");
        };
    }
}
