package coffer.s3;

import coffer.s3.auth.ContentEncodings;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an object's stored headers from a PUT and writes them back on GET and HEAD: the content headers,
 * {@code x-amz-meta-*}, ETag, Last-Modified. Stateless.
 */
final class ObjectHeaders {
    /** AWS limits user metadata (names plus values, in UTF-8) to 2 KB. */
    static final int MAX_USER_METADATA_BYTES = 2048;
    private static final String META_PREFIX = "x-amz-meta-";
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    private ObjectHeaders() {
    }

    public static ObjectMetadata fromRequest(S3Request request) {
        Map<String, String> user = new TreeMap<>();
        int size = 0;
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(META_PREFIX) && lower.length() > META_PREFIX.length()) {
                String key = lower.substring(META_PREFIX.length());
                String value = String.join(",", request.headers(name));
                user.put(key, value);
                size += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > MAX_USER_METADATA_BYTES) {
            throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE);
        }
        String contentType = request.header("Content-Type");
        return checked(new ObjectMetadata(
                contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType,
                request.header("Content-Disposition"),
                // aws-chunked describes the request body's framing, not the object: storing it broke SDK v2 users.
                ContentEncodings.withoutAwsChunked(request.header("Content-Encoding")).orElse(null),
                request.header("Content-Language"),
                request.header("Cache-Control"),
                request.header("Expires"),
                user));
    }

    /**
     * {@code m}, if every header it will be served with is one the HTTP layer can write: a Content-Type that is a
     * media type, no control characters anywhere. Checked when stored, so that no GET of it fails later.
     */
    public static ObjectMetadata checked(ObjectMetadata m) {
        HeaderValues.require("Content-Type", "Content-Type", m.contentType());
        String[][] plain = {{"Content-Disposition", m.contentDisposition()}, {"Content-Encoding", m.contentEncoding()},
            {"Content-Language", m.contentLanguage()}, {"Cache-Control", m.cacheControl()}, {"Expires", m.expires()}};
        for (String[] header : plain) {
            if (header[1] != null) {
                HeaderValues.require(header[0], header[0], header[1]);
            }
        }
        m.userMetadata().forEach((k, v) -> HeaderValues.require(META_PREFIX + k, META_PREFIX + k, k + v));
        return m;
    }

    /** The headers common to GET and HEAD; {@code overrides} are the response-* query parameters, if any. */
    public static void write(S3Response response, ObjectRecord object, Map<String, String> overrides) {
        ObjectMetadata m = object.metadata();
        response.header("ETag", quoted(object.etag()))
                .header("Last-Modified", HttpDates.header(object.lastModified()))
                .header("Accept-Ranges", "bytes")
                .header("Content-Type", overrides.getOrDefault("response-content-type", storedContentType(m)))
                .header("Content-Disposition",
                        overrides.getOrDefault("response-content-disposition", m.contentDisposition()))
                .header("Content-Encoding", overrides.getOrDefault("response-content-encoding", m.contentEncoding()))
                .header("Content-Language", overrides.getOrDefault("response-content-language", m.contentLanguage()))
                .header("Cache-Control", overrides.getOrDefault("response-cache-control", m.cacheControl()))
                .header("Expires", overrides.getOrDefault("response-expires", m.expires()));
        m.userMetadata().forEach((k, v) -> response.header(META_PREFIX + k, v));
    }

    /** Objects stored before Content-Type was checked may hold one no framework can write: those go out as the default. */
    private static String storedContentType(ObjectMetadata m) {
        return HeaderValues.isMediaType(m.contentType()) ? m.contentType() : DEFAULT_CONTENT_TYPE;
    }

    public static String quoted(String etag) {
        return "\"" + etag + "\"";
    }
}
