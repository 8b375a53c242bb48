package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.Bucket;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GetObjectAttributes ({@code GET /bucket/key?attributes}): the attributes named by {@code x-amz-object-attributes}
 * (ETag, Checksum, ObjectParts, StorageClass, ObjectSize), with {@code x-amz-max-parts} and
 * {@code x-amz-part-number-marker} paging the parts of a multipart object. The ETag is unquoted, as AWS sends it
 * here. An object written with a customer key (SSE-C) needs that key in the request. Thread-safe.
 */
final class ObjectAttributesHandler {
    static final int MAX_PARTS = 1000;

    /** The attribute names, as the header spells them. */
    enum Attribute { ETag, Checksum, ObjectParts, StorageClass, ObjectSize }

    private final ObjectStorage store;

    public ObjectAttributesHandler(ObjectStorage store) {
        this.store = store;
    }

    public S3Response getObjectAttributes(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        ctx.params(ObjectParams.class).version();
        Set<Attribute> wanted = parse(ctx.request().headers("x-amz-object-attributes"));
        int maxParts = intHeader(ctx, "x-amz-max-parts", MAX_PARTS);
        int marker = intHeader(ctx, "x-amz-part-number-marker", 0);
        ObjectRecord object = ObjectReadHandler.addressed(store, ctx);
        try {
            // An SSE-C object's attributes need its key, as its data does.
            store.checkCustomerKey(object, CustomerKeys.fromRequest(ctx).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectChecksum checksum = object.attributes().checksum();
        XmlWriter doc = new XmlWriter().root("GetObjectAttributesResponse");
        if (wanted.contains(Attribute.ETag)) {
            doc.element("ETag", object.etag());
        }
        if (wanted.contains(Attribute.Checksum) && checksum != null) {
            doc.start("Checksum");
            AttributeHeaders.checksumXml(doc, checksum);
            doc.end();
        }
        if (wanted.contains(Attribute.ObjectParts) && object.isMultipart()) {
            parts(doc, object, checksum, marker, Math.min(maxParts, MAX_PARTS));
        }
        if (wanted.contains(Attribute.StorageClass)) {
            doc.element("StorageClass", "STANDARD");
        }
        if (wanted.contains(Attribute.ObjectSize)) {
            doc.element("ObjectSize", object.size());
        }
        S3Response response = S3Response.xml(200, doc.end().toString())
                .header("Last-Modified", HttpDates.header(object.lastModified()));
        if (bucket.versioning().versioned()) {
            response.header(ObjectReadHandler.VERSION_ID, object.wireVersionId());
        }
        return response;
    }

    private static void parts(XmlWriter doc, ObjectRecord object, ObjectChecksum checksum, int marker, int max) {
        int count = object.partCount();
        int last = (int) Math.min((long) marker + max, count);
        boolean truncated = last < count;
        doc.start("ObjectParts").element("PartsCount", count).element("PartNumberMarker", marker);
        if (truncated) {
            doc.element("NextPartNumberMarker", last);
        }
        doc.element("MaxParts", max).element("IsTruncated", truncated);
        Optional<ChecksumAlgorithm> algorithm = checksum == null ? Optional.empty()
                : ChecksumAlgorithm.fromWireName(checksum.algorithm());
        List<String> partChecksums = object.attributes().partChecksums();
        for (int n = marker + 1; n <= last; n++) {
            doc.start("Part").element("PartNumber", n).element("Size", object.blobs().get(n - 1).size());
            String partChecksum = partChecksums.size() == count ? partChecksums.get(n - 1) : null;
            if (algorithm.isPresent() && partChecksum != null) {
                doc.element(algorithm.get().xmlElement(), partChecksum);
            }
            doc.end();
        }
        doc.end();
    }

    /** The header's comma-separated names (it may also be repeated); none or an unknown one is InvalidArgument. */
    static Set<Attribute> parse(List<String> headers) {
        Set<Attribute> wanted = EnumSet.noneOf(Attribute.class);
        for (String header : headers) {
            for (String name : header.split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                wanted.add(find(trimmed));
            }
        }
        if (wanted.isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-object-attributes header specifying the"
                    + " attributes to be retrieved is either missing or empty",
                    Map.of("ArgumentName", "x-amz-object-attributes"), null);
        }
        return wanted;
    }

    private static Attribute find(String name) {
        for (Attribute a : Attribute.values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid attribute name specified.",
                Map.of("ArgumentName", "x-amz-object-attributes", "ArgumentValue", name), null);
    }

    private static int intHeader(RequestContext ctx, String name, int defaultValue) {
        String value = ctx.header(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the S3 error
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid " + name + " value",
                Map.of("ArgumentName", name, "ArgumentValue", value), null);
    }
}
