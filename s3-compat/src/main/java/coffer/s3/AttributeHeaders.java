package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import java.util.Locale;

/**
 * The GET/HEAD headers that come from an object's attributes: {@code x-amz-tagging-count}, and with
 * {@code x-amz-checksum-mode: ENABLED} the stored checksum ({@code x-amz-checksum-<alg>}, {@code x-amz-checksum-type})
 * when the response carries the whole object (never on a range, as AWS), or with {@code partNumber} the checksum
 * stored for that part (for a single-blob object part 1 is the whole object). Stateless.
 */
final class AttributeHeaders {
    private AttributeHeaders() {
    }

    /** {@code <ChecksumCRC32>value</ChecksumCRC32><ChecksumType>...</ChecksumType>}, when there is a checksum. */
    static void checksumXml(XmlWriter doc, ObjectChecksum checksum) {
        if (checksum == null) {
            return;
        }
        ChecksumAlgorithm.fromWireName(checksum.algorithm()).ifPresent(a -> doc
                .element(a.xmlElement(), checksum.value()).element("ChecksumType", checksum.type()));
    }

    /**
     * The checksum of part {@code partNumber} with {@code x-amz-checksum-mode: ENABLED}: a multipart object's stored
     * part checksum with the object's type (as AWS and Ceph RGW answer), a single-blob object's own checksum.
     */
    static void writePart(RequestContext ctx, S3Response response, ObjectRecord object, int partNumber) {
        ObjectChecksum checksum = object.attributes().checksum();
        if (!modeEnabled(ctx) || checksum == null) {
            return;
        }
        String value = checksum.value();
        if (object.isMultipart()) {
            var parts = object.attributes().partChecksums();
            value = partNumber <= parts.size() ? parts.get(partNumber - 1) : null;
        }
        String partValue = value;
        if (partValue != null) {
            ChecksumAlgorithm.fromWireName(checksum.algorithm()).ifPresent(a -> response
                    .header(a.headerName(), partValue).header("x-amz-checksum-type", checksum.type()));
        }
    }

    private static boolean modeEnabled(RequestContext ctx) {
        String mode = ctx.header("x-amz-checksum-mode");
        return mode != null && mode.trim().toUpperCase(Locale.ROOT).equals("ENABLED");
    }

    static void write(RequestContext ctx, S3Response response, ObjectRecord object, boolean wholeObject) {
        int tags = object.attributes().tags().size();
        if (tags > 0) {
            response.header("x-amz-tagging-count", Integer.toString(tags));
        }
        ObjectChecksum checksum = object.attributes().checksum();
        if (wholeObject && checksum != null && modeEnabled(ctx)) {
            ChecksumAlgorithm.fromWireName(checksum.algorithm()).ifPresent(a -> response
                    .header(a.headerName(), checksum.value())
                    .header("x-amz-checksum-type", checksum.type()));
        }
    }
}
