package coffer.s3.handler;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import coffer.storage.Store;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.MultipartUploads;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload and AbortMultipartUpload (the
 * listings are in {@link MultipartListHandler}). An upload id that is unknown, finished, or belongs to another
 * bucket or key is NoSuchUpload. Thread-safe.
 */
public final class MultipartHandler {
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");

    private final Store store;
    private final BucketAccess access;
    private final XmlReader xml;
    private final QuotaGate quota;

    /** {@code xml} must accept a completion of 10,000 parts (about 1 MB). */
    public MultipartHandler(Store store, BucketAccess access, XmlReader xml) {
        this.store = store;
        this.access = access;
        this.xml = xml;
        this.quota = new QuotaGate(store.quotas());
    }

    public S3Response createMultipartUpload(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        ObjectWriteHandler.requireValidKey(ctx.key());
        Upload upload = store.createMultipartUpload(bucket, ctx.key(), ObjectHeaders.fromRequest(ctx.request()));
        return S3Response.xml(200, new XmlWriter().root("InitiateMultipartUploadResult")
                .element("Bucket", bucket.name()).element("Key", ctx.key())
                .element("UploadId", upload.uploadId()).end().toString());
    }

    public S3Response uploadPart(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        int partNumber = partNumber(ctx);
        String uploadId = uploadId(ctx);
        long length = ctx.auth().contentLength();
        if (length < 0) {
            throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
        }
        if (length > MultipartUploads.MAX_PART_SIZE) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, S3ErrorCode.ENTITY_TOO_LARGE.defaultMessage(),
                    Map.of("ProposedSize", Long.toString(length),
                            "MaxSizeAllowed", Long.toString(MultipartUploads.MAX_PART_SIZE)), null);
        }
        UploadPart part = quota.reserved(bucket.ownerId(), length, r -> store.uploadPart(bucket, ctx.key(),
                uploadId, partNumber, ctx.auth().body(), length, r));
        S3Response response = S3Response.ok().header("ETag", ObjectHeaders.quoted(part.etag())).contentLength(0);
        Checksums.echo(ctx, response);
        return response;
    }

    public S3Response uploadPartCopy(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        int partNumber = partNumber(ctx);
        String uploadId = uploadId(ctx);
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        UploadPart part = CopyHandler.retryOnSourceChange(() -> {
            ObjectRecord src = source.resolve(ctx, store, access);
            long[] range = copyRange(ctx.header("x-amz-copy-source-range"), src.size());
            return quota.reserved(bucket.ownerId(), range[1] - range[0] + 1, r -> store.uploadPartCopy(bucket,
                    ctx.key(), uploadId, partNumber, src, range[0], range[1], r));
        });
        return S3Response.xml(200, new XmlWriter().root("CopyPartResult")
                .element("LastModified", HttpDates.xml(part.lastModified()))
                .element("ETag", ObjectHeaders.quoted(part.etag())).end().toString());
    }

    public S3Response completeMultipartUpload(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        String uploadId = uploadId(ctx);
        List<CompletedPart> parts = parseCompletion(xml.parse(ctx.auth().body()));
        ObjectRecord done = store.completeMultipartUpload(bucket, ctx.key(), uploadId, parts,
                WriteConditions.of(ctx));
        String host = ctx.header("Host");
        String location = host == null ? null : "http://" + host + "/" + bucket.name() + "/" + ctx.key();
        return S3Response.xml(200, new XmlWriter().root("CompleteMultipartUploadResult")
                .element("Location", location).element("Bucket", bucket.name()).element("Key", ctx.key())
                .element("ETag", ObjectHeaders.quoted(done.etag())).end().toString());
    }

    public S3Response abortMultipartUpload(RequestContext ctx) {
        Bucket bucket = access.owned(ctx);
        store.abortMultipartUpload(bucket, ctx.key(), uploadId(ctx));
        return S3Response.noContent();
    }

    /** {@code <CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>...}; anything else is MalformedXML. */
    static List<CompletedPart> parseCompletion(XmlElement root) {
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
                parts.add(new CompletedPart(Integer.parseInt(number), WriteConditions.unquote(etag)));
            } catch (NumberFormatException e) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
        }
        return parts;
    }

    /** {@code bytes=first-last} within the source, or the whole source when the header is absent. */
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
        if (first < 0 || first > last || last >= size) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Range specified is not valid for source object of"
                    + " size: " + size, Map.of("ArgumentName", "x-amz-copy-source-range"), null);
        }
        return new long[] {first, last};
    }

    static int partNumber(RequestContext ctx) {
        String value = ctx.query().get("partNumber");
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n >= 1 && n <= MultipartUploads.MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the S3 error
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                "Part number must be an integer between 1 and 10000, inclusive",
                Map.of("ArgumentName", "partNumber", "ArgumentValue", String.valueOf(value)), null);
    }

    static String uploadId(RequestContext ctx) {
        String id = ctx.query().get("uploadId");
        if (id == null || id.isEmpty() || id.length() > 64) {
            throw new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD, S3ErrorCode.NO_SUCH_UPLOAD.defaultMessage(),
                    Map.of("UploadId", String.valueOf(id)), null);
        }
        return id;
    }
}
