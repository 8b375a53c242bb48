package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.auth.ChecksumTap;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.QuotaClaim;
import coffer.storage.StoreException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.multipart.ChecksumCombiner;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.CopyPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PartCopyChecksum;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload and AbortMultipartUpload (the
 * listings are in {@link MultipartListHandler}). An upload id that is unknown, aborted, or belongs to another
 * bucket or key is NoSuchUpload; so is a completed one, except that Complete may repeat a recent completion with
 * the same parts (200 with the same result, as AWS). Thread-safe.
 */
final class MultipartHandler {
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");

    private final ObjectStorage store;
    private final BucketAccess access;
    private final XmlReader xml;
    private final SseHeaders sse;
    private final AclRequests acls;

    /** {@code xml} must accept a completion of 10,000 parts (about 1 MB). */
    public MultipartHandler(ObjectStorage store, BucketAccess access, AclRequests acls, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.xml = xml;
        this.acls = acls;
        this.sse = new SseHeaders(store);
    }

    public S3Response createMultipartUpload(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ObjectWriteHandler.requireValidKey(ctx.key());
        ObjectMetadata metadata = ObjectHeaders.fromRequest(ctx.request());
        ObjectOwnership.requireAclAllowed(store, bucket, ctx);
        Optional<ChecksumAlgorithm> algorithm = uploadAlgorithm(ctx);
        String type = uploadChecksumType(ctx, algorithm);
        Optional<CustomerKey> customerKey = CustomerKeys.fromRequest(ctx);
        NewUpload settings = NewUpload.of(bucket, ctx.key()).metadata(metadata)
                .checksum(algorithm.map(ChecksumAlgorithm::wireName).orElse(null), type)
                .acl(acls.forNewObject(ctx, bucket, () -> ObjectOwnership.of(store, bucket)))
                .tags(TagSet.fromHeader(ctx.header("x-amz-tagging")).tags())
                .encryption(sse.forWrite(ctx, bucket, customerKey.isPresent())).customerKey(customerKey.orElse(null))
                .lock(ObjectLockHeaders.forWrite(ctx, store, bucket, false)).build();
        Upload upload = store.multipart().createMultipartUpload(settings);
        S3Response response = S3Response.xml(200, new XmlWriter().root("InitiateMultipartUploadResult")
                .element("Bucket", bucket.name()).element("Key", ctx.key())
                .element("UploadId", upload.uploadId()).end().toString());
        echo(response, customerKey, upload);
        algorithm.ifPresent(a -> response.header("x-amz-checksum-algorithm", a.wireName())
                .header("x-amz-checksum-type", type));
        return response;
    }

    /** {@code x-amz-checksum-algorithm} of CreateMultipartUpload, if any. */
    private static Optional<ChecksumAlgorithm> uploadAlgorithm(RequestContext ctx) {
        String header = ctx.header("x-amz-checksum-algorithm");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ChecksumAlgorithm.fromWireName(header).orElseThrow(() -> new S3Exception(
                S3ErrorCode.INVALID_REQUEST, "Checksum algorithm provided is unsupported. Please try again with any"
                + " of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")));
    }

    /**
     * {@code x-amz-checksum-type}: COMPOSITE or FULL_OBJECT, only with an algorithm; FULL_OBJECT for the CRCs only,
     * COMPOSITE not for CRC64NVME. Defaults: FULL_OBJECT for CRC64NVME, else COMPOSITE (as AWS).
     */
    static String uploadChecksumType(RequestContext ctx, Optional<ChecksumAlgorithm> algorithm) {
        String header = ctx.header("x-amz-checksum-type");
        if (header == null || header.isBlank()) {
            return algorithm.map(a -> a == ChecksumAlgorithm.CRC64NVME ? ObjectChecksum.FULL_OBJECT
                    : ObjectChecksum.COMPOSITE).orElse(null);
        }
        String type = header.trim().toUpperCase(Locale.ROOT);
        if (!type.equals(ObjectChecksum.FULL_OBJECT) && !type.equals(ObjectChecksum.COMPOSITE)) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Value for x-amz-checksum-type header is invalid.");
        }
        if (algorithm.isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The x-amz-checksum-type header can only be used"
                    + " with the x-amz-checksum-algorithm header.");
        }
        ChecksumAlgorithm a = algorithm.get();
        if ((type.equals(ObjectChecksum.FULL_OBJECT) && !a.isCrc())
                || (type.equals(ObjectChecksum.COMPOSITE) && a == ChecksumAlgorithm.CRC64NVME)) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The " + type + " checksum type cannot be used with"
                    + " the " + a.wireName().toLowerCase(Locale.ROOT) + " checksum algorithm.");
        }
        return type;
    }

    public S3Response uploadPart(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        UploadParams params = ctx.params(UploadParams.class);
        int partNumber = params.partNumber();
        String uploadId = params.uploadId();
        long length = ctx.auth().contentLength();
        if (length < 0) {
            throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
        }
        if (length > MultipartUploads.MAX_PART_SIZE) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, S3ErrorCode.ENTITY_TOO_LARGE.defaultMessage(),
                    Map.of("ProposedSize", Long.toString(length),
                            "MaxSizeAllowed", Long.toString(MultipartUploads.MAX_PART_SIZE)), null);
        }
        Upload upload = store.multipart().findUpload(bucket, ctx.key(), uploadId);
        ChecksumPlan checksum = ChecksumPlan.forPart(ctx.auth().checksums(),
                ctx.header(ObjectWriteHandler.SDK_CHECKSUM_ALGORITHM), MultipartChecksums.algorithm(upload),
                upload.checksumAlgorithm() != null);
        Optional<CustomerKey> customerKey = CustomerKeys.fromRequest(ctx);
        PutPart put = PutPart.of(bucket, ctx.key(), uploadId, partNumber, checksum.body(ctx.auth().body()), length)
                .checksum(checksum::value).customerKey(customerKey.orElse(null))
                .quota(QuotaClaim.declared(bucket.ownerId(), length)).build();
        UploadPart part = EngineCalls.io(() -> store.multipart().uploadPart(put));
        S3Response response = S3Response.ok().header("ETag", ObjectHeaders.quoted(part.etag())).contentLength(0);
        echo(response, customerKey, upload);
        Checksums.echo(ctx, response);
        return response;
    }

    public S3Response uploadPartCopy(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        UploadParams params = ctx.params(UploadParams.class);
        int partNumber = params.partNumber();
        String uploadId = params.uploadId();
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        Upload upload = store.multipart().findUpload(bucket, ctx.key(), uploadId);
        ChecksumAlgorithm algorithm = MultipartChecksums.algorithm(upload);
        Optional<CustomerKey> sourceKey = CustomerKeys.fromCopySource(ctx);
        Optional<CustomerKey> customerKey = CustomerKeys.fromRequest(ctx);
        UploadPart part = CopyHandler.retryOnSourceChange(() -> {
            ObjectRecord src = source.resolve(ctx, store, access);
            long[] range = copyRange(ctx.header("x-amz-copy-source-range"), src.size());
            CopyPart copy = CopyPart.of(bucket, ctx.key(), uploadId, partNumber, src, range[0], range[1])
                    .checksum(partCopyChecksum(src, algorithm)).sourceKey(sourceKey.orElse(null))
                    .customerKey(customerKey.orElse(null))
                    .quota(QuotaClaim.declared(bucket.ownerId(), range[1] - range[0] + 1)).build();
            return EngineCalls.io(() -> store.multipart().uploadPartCopy(copy));
        });
        XmlWriter doc = new XmlWriter().root("CopyPartResult")
                .element("LastModified", HttpDates.xml(part.lastModified()))
                .element("ETag", ObjectHeaders.quoted(part.etag()));
        if (part.checksum() != null) {
            doc.element(algorithm.xmlElement(), part.checksum());
        }
        return echo(S3Response.xml(200, doc.end().toString()), customerKey, upload);
    }

    /** The upload's encryption: its customer key's MD5 (SSE-C), else its SSE-S3 or SSE-KMS settings. */
    private static S3Response echo(S3Response response, Optional<CustomerKey> customerKey, Upload upload) {
        return customerKey.isPresent() ? CustomerKeys.echo(response, customerKey)
                : SseHeaders.echo(response, upload.encryption());
    }

    /**
     * A whole single-blob source whose stored checksum is the upload's algorithm over the whole object is shared
     * with that checksum; any other source is streamed and its checksum computed on the way.
     */
    private static PartCopyChecksum partCopyChecksum(ObjectRecord src, ChecksumAlgorithm algorithm) {
        ObjectChecksum stored = src.attributes().checksum();
        String shared = stored != null && !src.isMultipart() && stored.algorithm().equals(algorithm.wireName())
                && stored.type().equals(ObjectChecksum.FULL_OBJECT) ? stored.value() : null;
        ChecksumTap[] tap = new ChecksumTap[1];
        return new PartCopyChecksum(shared != null, shared, in -> tap[0] = new ChecksumTap(in, algorithm),
                () -> tap[0] == null ? null : tap[0].value());
    }

    public S3Response completeMultipartUpload(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        String uploadId = ctx.params(UploadParams.class).uploadId();
        Optional<ChecksumAlgorithm> algorithm = openUploadAlgorithm(bucket, ctx.key(), uploadId);
        Optional<CustomerKey> customerKey = CustomerKeys.fromRequest(ctx);
        if (algorithm.isPresent()) {
            // An SSE-C upload completes only with its key (as s3-tests expect), so that nobody without it publishes.
            try {
                store.multipart().checkCustomerKey(bucket, ctx.key(), uploadId, customerKey.orElse(null));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<CompletedPart> parts = parseCompletion(xml.parse(ctx.auth().body()), algorithm.orElse(null));
        Optional<ExpectedObjectChecksum> expected = ExpectedObjectChecksum.fromRequest(ctx);
        ChecksumCombiner combiner = expected.map(e -> e.checking(new MultipartChecksums()))
                .orElseGet(MultipartChecksums::new);
        ObjectRecord done = store.multipart().completeMultipartUpload(CompleteUpload.of(bucket, ctx.key(), uploadId,
                parts).condition(WriteConditions.of(ctx)).combiner(combiner).build());
        String host = ctx.header("Host");
        String location = host == null ? null : "http://" + host + "/" + bucket.name() + "/" + ctx.key();
        XmlWriter doc = new XmlWriter().root("CompleteMultipartUploadResult")
                .element("Location", location).element("Bucket", bucket.name()).element("Key", ctx.key())
                .element("ETag", ObjectHeaders.quoted(done.etag()));
        AttributeHeaders.checksumXml(doc, done.attributes().checksum());
        S3Response response = S3Response.xml(200, doc.end().toString());
        ObjectWriteHandler.echoVersion(response, done);
        return customerKey.isPresent() ? CustomerKeys.echo(response, customerKey)
                : SseHeaders.echo(response, done.attributes().encryption());
    }

    /**
     * The checksum algorithm of the open upload; empty when it is not open (a completed upload may be completed
     * again: the store decides, from the part ETags alone).
     */
    private Optional<ChecksumAlgorithm> openUploadAlgorithm(Bucket bucket, String key, String uploadId) {
        try {
            return Optional.of(MultipartChecksums.algorithm(store.multipart().findUpload(bucket, key, uploadId)));
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NO_SUCH_UPLOAD) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public S3Response abortMultipartUpload(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        store.multipart().abortMultipartUpload(bucket, ctx.key(),
                ctx.params(UploadParams.class).uploadId());
        return S3Response.noContent();
    }

    /**
     * {@code <CompleteMultipartUpload><Part><PartNumber/><ETag/>[<ChecksumX/>]</Part>...}; anything else is
     * MalformedXML. A part checksum in the upload's {@code algorithm} is kept for checking; others are ignored
     * (parts of an upload without a chosen algorithm may carry the CRC32 the SDK computed); a null
     * {@code algorithm} reads no checksums.
     */
    static List<CompletedPart> parseCompletion(XmlElement root, ChecksumAlgorithm algorithm) {
        if (root == null || !root.name().equals("CompleteMultipartUpload")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        List<XmlElement> listed = root.childrenNamed("Part");
        if (listed.isEmpty() || listed.size() > MultipartUploads.MAX_PART_NUMBER) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        List<CompletedPart> parts = new ArrayList<>(listed.size());
        for (XmlElement p : listed) {
            String number = p.childText("PartNumber").orElse("");
            String etag = p.childText("ETag").orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
            try {
                parts.add(new CompletedPart(Integer.parseInt(number), WriteConditions.unquote(etag),
                        algorithm == null ? null : p.childText(algorithm.xmlElement()).orElse(null)));
            } catch (NumberFormatException e) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
        }
        return parts;
    }

    /**
     * {@code bytes=first-last} within the source, or the whole source when the header is absent. Malformed, or
     * first after last → 400 InvalidArgument; last at or past the source's end → 416 InvalidRange.
     */
    static long[] copyRange(String header, long size) {
        if (header == null) {
            return new long[] {0, size - 1};
        }
        Matcher m = COPY_RANGE.matcher(header.trim());
        if (!m.matches()) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the"
                    + " form bytes=first-last where first and last are the zero-based offsets of the first and last"
                    + " bytes to copy", Map.of("ArgumentName", "x-amz-copy-source-range"), null);
        }
        long first;
        long last;
        try {
            first = Long.parseLong(m.group(1));
            last = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            first = -1;
            last = -1;
        }
        if (first < 0 || first > last) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Range specified is not valid for source object of"
                    + " size: " + size, Map.of("ArgumentName", "x-amz-copy-source-range"), null);
        }
        if (last >= size) { // a well-formed range past the source's end, as a GET's Range (s3-tests expects this)
            throw new S3Exception(S3ErrorCode.INVALID_RANGE, "Range specified is not valid for source object of"
                    + " size: " + size, Map.of("RangeRequested", header.trim(), "ActualObjectSize",
                    Long.toString(size)), null);
        }
        return new long[] {first, last};
    }
}
