package coffer.s3.handler;

import coffer.s3.body.ChecksumAlgorithm;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import java.util.Locale;

/**
 * The GET/HEAD headers that come from an object's attributes: {@code x-amz-tagging-count}, and with
 * {@code x-amz-checksum-mode: ENABLED} the stored checksum ({@code x-amz-checksum-<alg>}, {@code x-amz-checksum-type})
 * when the response carries the whole object (never on a range, as AWS). Stateless.
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

    static void write(RequestContext ctx, S3Response response, ObjectRecord object, boolean wholeObject) {
        int tags = object.attributes().tags().size();
        if (tags > 0) {
            response.header("x-amz-tagging-count", Integer.toString(tags));
        }
        String mode = ctx.header("x-amz-checksum-mode");
        ObjectChecksum checksum = object.attributes().checksum();
        if (wholeObject && checksum != null && mode != null && mode.trim().toUpperCase(Locale.ROOT).equals("ENABLED")) {
            ChecksumAlgorithm.fromWireName(checksum.algorithm()).ifPresent(a -> response
                    .header(a.headerName(), checksum.value())
                    .header("x-amz-checksum-type", checksum.type()));
        }
    }
}
