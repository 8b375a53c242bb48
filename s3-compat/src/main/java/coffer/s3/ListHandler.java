package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ListPage;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * ListObjects (v1) and ListObjectsV2. Keys come back in UTF-8 byte order. With {@code encoding-type=url} the key,
 * prefix, delimiter, markers and common prefixes are URL-encoded; without it they go out as plain XML text.
 * A continuation token is the last returned key or common prefix, base64url-encoded: opaque to clients, and
 * enough for the next page to resume exactly. Ceph RGW's {@code allow-unordered=true} is accepted (our order is
 * a valid unordered one) and, as there, refused with a delimiter (400 InvalidArgument). Thread-safe.
 */
final class ListHandler {
    static final int MAX_KEYS = 1000;

    private final ObjectStorage store;
    private final BucketAccess access;

    public ListHandler(ObjectStorage store, BucketAccess access) {
        this.store = store;
        this.access = access;
    }

    public S3Response listObjects(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ListingParams q = ctx.params(ListingParams.class);
        UnaryOperator<String> enc = q.encoder();
        String prefix = q.prefix() == null ? "" : q.prefix();
        String delimiter = emptyToNull(q.delimiter());
        refuseUnorderedWithDelimiter(q, delimiter);
        String marker = emptyToNull(q.marker());
        int maxKeys = q.maxKeys(MAX_KEYS);
        ListPage page = list(bucket, prefix, delimiter, marker, maxKeys);

        XmlWriter doc = new XmlWriter().root("ListBucketResult");
        // v1 echoes Prefix unencoded even with encoding-type=url (botocore decodes Marker, NextMarker and
        // Delimiter in v1, not Prefix); v2 encodes Prefix too.
        doc.element("Name", bucket.name()).element("Prefix", prefix)
                .element("Marker", marker == null ? "" : enc.apply(marker)).element("MaxKeys", maxKeys);
        if (delimiter != null) {
            doc.element("Delimiter", enc.apply(delimiter));
        }
        doc.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            doc.element("NextMarker", enc.apply(page.lastReturned()));
        }
        if (q.urlEncoded()) {
            doc.element("EncodingType", "url");
        }
        writeEntries(doc, page, enc, true, bucket.ownerId());
        return S3Response.xml(200, doc.end().toString());
    }

    public S3Response listObjectsV2(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ListingParams q = ctx.params(ListingParams.class);
        UnaryOperator<String> enc = q.encoder();
        String prefix = q.prefix() == null ? "" : q.prefix();
        String delimiter = emptyToNull(q.delimiter());
        refuseUnorderedWithDelimiter(q, delimiter);
        String startAfter = emptyToNull(q.startAfter());
        String token = q.continuationToken();
        int maxKeys = q.maxKeys(MAX_KEYS);
        String resumeAfter = token != null ? decodeToken(token) : startAfter;
        if (token != null && startAfter != null && startAfter.compareTo(resumeAfter) > 0) {
            resumeAfter = startAfter;
        }
        ListPage page = list(bucket, prefix, delimiter, resumeAfter, maxKeys);

        XmlWriter doc = new XmlWriter().root("ListBucketResult");
        doc.element("Name", bucket.name()).element("Prefix", enc.apply(prefix));
        if (delimiter != null) {
            doc.element("Delimiter", enc.apply(delimiter));
        }
        doc.element("MaxKeys", maxKeys)
                .element("KeyCount", page.contents().size() + page.commonPrefixes().size())
                .element("IsTruncated", page.truncated());
        if (token != null) {
            doc.element("ContinuationToken", token);
        }
        if (page.truncated()) {
            doc.element("NextContinuationToken", encodeToken(page.lastReturned()));
        }
        if (startAfter != null) {
            doc.element("StartAfter", enc.apply(startAfter));
        }
        if (q.urlEncoded()) {
            doc.element("EncodingType", "url");
        }
        writeEntries(doc, page, enc, q.fetchOwnerWanted(), bucket.ownerId());
        return S3Response.xml(200, doc.end().toString());
    }

    /**
     * Lists one page. A marker that is itself a common prefix (as NextMarker is when a page ended on one) must not
     * produce that prefix again: S3 resumes after everything it rolled up.
     */
    static void refuseUnorderedWithDelimiter(ListingParams q, String delimiter) {
        if (delimiter != null && q.unorderedWanted()) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "allow-unordered cannot be used with a delimiter",
                    Map.of("ArgumentName", "allow-unordered", "ArgumentValue", "true"), null);
        }
    }

    private ListPage list(Bucket bucket, String prefix, String delimiter, String after, int maxKeys) {
        ListPage page = store.listObjects(bucket, prefix, delimiter, after, maxKeys);
        if (after != null && delimiter != null && !page.commonPrefixes().isEmpty()
                && page.commonPrefixes().get(0).equals(after)) {
            var rest = page.commonPrefixes().subList(1, page.commonPrefixes().size());
            page = new ListPage(page.contents(), rest, page.truncated(), page.lastReturned());
        }
        return page;
    }

    private void writeEntries(XmlWriter doc, ListPage page, UnaryOperator<String> enc, boolean withOwner,
                                     long ownerId) {
        for (ObjectRecord o : page.contents()) {
            doc.start("Contents").element("Key", enc.apply(o.key()))
                    .element("LastModified", HttpDates.xml(o.lastModified()))
                    .element("ETag", ObjectHeaders.quoted(o.etag())).element("Size", o.size());
            if (withOwner) {
                // The account that wrote the object (its ACL's owner); the bucket's owner for older rows.
                String owner = access.canonicalIds().of(StoredAcl.decode(o.attributes().acl(), ownerId).ownerId());
                doc.start("Owner").element("ID", owner).element("DisplayName", owner).end();
            }
            doc.element("StorageClass", "STANDARD").end();
        }
        for (String p : page.commonPrefixes()) {
            doc.start("CommonPrefixes").element("Prefix", enc.apply(p)).end();
        }
    }

    static String encodeToken(String lastReturned) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastReturned.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect",
                    Map.of("ArgumentName", "continuation-token"), null);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
