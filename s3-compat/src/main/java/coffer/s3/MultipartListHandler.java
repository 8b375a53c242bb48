package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import coffer.storage.multipart.PartsPage;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import coffer.storage.multipart.UploadsPage;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * ListParts ({@code max-parts}, {@code part-number-marker}) and ListMultipartUploads ({@code prefix},
 * {@code delimiter}, {@code key-marker}, {@code upload-id-marker}, {@code max-uploads}, {@code encoding-type}),
 * each at most 1000 entries a page. Thread-safe.
 */
final class MultipartListHandler {
    static final int MAX_ENTRIES = 1000;

    private final ObjectStorage store;
    private final BucketAccess access;

    public MultipartListHandler(ObjectStorage store, BucketAccess access) {
        this.store = store;
        this.access = access;
    }

    public S3Response listParts(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        UploadParams q = ctx.params(UploadParams.class);
        int maxParts = q.maxParts(MAX_ENTRIES);
        int marker = q.partNumberMarker();
        String uploadId = q.uploadId();
        PartsPage page = store.multipart().listParts(bucket, ctx.key(), uploadId, marker, maxParts);
        String owner = initiator(bucket, page.upload());
        XmlWriter doc = new XmlWriter().root("ListPartsResult").element("Bucket", bucket.name())
                .element("Key", ctx.key()).element("UploadId", uploadId);
        doc.start("Initiator").element("ID", owner).element("DisplayName", owner).end();
        doc.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        ChecksumAlgorithm algorithm = MultipartChecksums.algorithm(page.upload());
        if (page.upload().checksumAlgorithm() != null) {
            doc.element("ChecksumAlgorithm", algorithm.wireName())
                    .element("ChecksumType", MultipartChecksums.type(page.upload()));
        }
        doc.element("StorageClass", "STANDARD").element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.nextPartNumberMarker()).element("MaxParts", maxParts)
                .element("IsTruncated", page.truncated());
        for (UploadPart p : page.parts()) {
            doc.start("Part").element("PartNumber", p.partNumber())
                    .element("LastModified", HttpDates.xml(p.lastModified()))
                    .element("ETag", ObjectHeaders.quoted(p.etag())).element("Size", p.size());
            if (p.checksum() != null) {
                doc.element(algorithm.xmlElement(), p.checksum());
            }
            doc.end();
        }
        return S3Response.xml(200, doc.end().toString());
    }

    public S3Response listMultipartUploads(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ListingParams q = ctx.params(ListingParams.class);
        UnaryOperator<String> enc = q.encoder();
        String prefix = q.prefix() == null ? "" : q.prefix();
        String delimiter = emptyToNull(q.delimiter());
        String keyMarker = emptyToNull(q.keyMarker());
        String uploadIdMarker = keyMarker == null ? null : emptyToNull(q.uploadIdMarker());
        int max = q.maxUploads(MAX_ENTRIES);
        UploadsPage page = store.multipart().listMultipartUploads(bucket, prefix, delimiter, keyMarker, uploadIdMarker, max);

        XmlWriter doc = new XmlWriter().root("ListMultipartUploadsResult").element("Bucket", bucket.name())
                .element("KeyMarker", keyMarker == null ? "" : enc.apply(keyMarker))
                .element("UploadIdMarker", uploadIdMarker == null ? "" : uploadIdMarker);
        if (page.truncated()) {
            doc.element("NextKeyMarker", enc.apply(page.nextKeyMarker()))
                    .element("NextUploadIdMarker", page.nextUploadIdMarker() == null ? "" : page.nextUploadIdMarker());
        }
        if (delimiter != null) {
            doc.element("Delimiter", enc.apply(delimiter));
        }
        doc.element("Prefix", enc.apply(prefix)).element("MaxUploads", max).element("IsTruncated", page.truncated());
        if (q.urlEncoded()) {
            doc.element("EncodingType", "url");
        }
        for (Upload u : page.uploads()) {
            doc.start("Upload").element("Key", enc.apply(u.key())).element("UploadId", u.uploadId());
            String owner = initiator(bucket, u);
            doc.start("Initiator").element("ID", owner).element("DisplayName", owner).end();
            doc.start("Owner").element("ID", owner).element("DisplayName", owner).end();
            doc.element("StorageClass", "STANDARD").element("Initiated", HttpDates.xml(u.initiated())).end();
        }
        for (String p : page.commonPrefixes()) {
            doc.start("CommonPrefixes").element("Prefix", enc.apply(p)).end();
        }
        return S3Response.xml(200, doc.end().toString());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The canonical id of the account that created the upload: the owner its ACL records. */
    private String initiator(Bucket bucket, Upload upload) {
        return access.canonicalIds().of(StoredAcl.decode(upload.acl(), bucket.ownerId()).ownerId());
    }
}
