package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Bucket CORS: Put/Get/DeleteBucketCors, the preflight OPTIONS request (anonymous, answered from the bucket's
 * rules), and the CORS headers of actual requests that carry an Origin. Thread-safe.
 */
final class CorsHandler {
    private final ObjectStorage store;
    private final XmlReader xml;

    public CorsHandler(ObjectStorage store, XmlReader xml) {
        this.store = store;
        this.xml = xml;
    }

    public S3Response putBucketCors(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        IntegrityHeaders.require(ctx);
        CorsConfiguration config = CorsConfiguration.parse(xml.parse(ctx.auth().body()));
        store.bucketSettings().putCors(bucket, config.toXml());
        return S3Response.ok().contentLength(0);
    }

    public S3Response getBucketCors(RequestContext ctx) {
        Bucket bucket = ctx.bucket();
        String document = store.bucketSettings().cors(bucket).orElseThrow(() -> new S3Exception(
                S3ErrorCode.NO_SUCH_CORS_CONFIGURATION, S3ErrorCode.NO_SUCH_CORS_CONFIGURATION.defaultMessage(),
                java.util.Map.of("BucketName", bucket.name()), null));
        return S3Response.xml(200, document);
    }

    public S3Response deleteBucketCors(RequestContext ctx) {
        store.bucketSettings().deleteCors(ctx.bucket());
        return S3Response.noContent();
    }

    /** The preflight: anonymous by nature, answered only from the bucket's rules. */
    public S3Response preflight(RequestContext ctx) {
        String origin = ctx.header("Origin");
        String method = ctx.header("Access-Control-Request-Method");
        if (origin == null || method == null) {
            throw new S3Exception(S3ErrorCode.BAD_REQUEST, origin == null
                    ? "Insufficient information. Origin request header needed."
                    : "Insufficient information. Access-Control-Request-Method request header needed.");
        }
        Bucket bucket = store.findBucket(ctx.bucketName()).orElseThrow(
                () -> BucketAccess.noSuchBucket(ctx.bucketName()));
        List<String> headers = requestHeaders(ctx.header("Access-Control-Request-Headers"));
        CorsRule rule = configuration(bucket).flatMap(c -> c.match(origin, method, headers))
                .orElseThrow(() -> new S3Exception(S3ErrorCode.CORS_NOT_ALLOWED));
        S3Response response = S3Response.ok()
                .header("Access-Control-Allow-Origin", rule.allowOriginValue(origin))
                .header("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()))
                .header("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
                .contentLength(0);
        if (!headers.isEmpty()) {
            response.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        if (!rule.exposeHeaders().isEmpty()) {
            response.header("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        }
        rule.maxAgeSeconds().ifPresent(age -> response.header("Access-Control-Max-Age", Integer.toString(age)));
        return response;
    }

    /**
     * Adds the CORS headers an actual (non-preflight) request earns: only when it carries an Origin, addresses a
     * bucket that has CORS rules, and a rule allows the origin and method (the one an
     * {@code Access-Control-Request-Method} header names, if any). Never fails the request.
     */
    public void decorate(S3Request request, String bucketName, S3Response response) {
        String origin = request.header("Origin");
        if (origin == null || bucketName == null || response.firstHeader("Access-Control-Allow-Origin") != null) {
            return;
        }
        try {
            // An Access-Control-Request-Method on an actual request names the method to match (as s3-tests and
            // RGW expect); otherwise the request's own.
            String asked = request.header("Access-Control-Request-Method");
            String method = asked == null || asked.isBlank() ? request.method() : asked.trim();
            Optional<CorsRule> rule = store.findBucket(bucketName).flatMap(this::configuration)
                    .flatMap(c -> c.match(origin, method, List.of()));
            rule.ifPresent(r -> {
                response.header("Access-Control-Allow-Origin", r.allowOriginValue(origin))
                        .header("Access-Control-Allow-Methods", String.join(", ", r.allowedMethods()))
                        .header("Vary", "Origin");
                if (!r.exposeHeaders().isEmpty()) {
                    response.header("Access-Control-Expose-Headers", String.join(", ", r.exposeHeaders()));
                }
                r.maxAgeSeconds().ifPresent(a -> response.header("Access-Control-Max-Age", Integer.toString(a)));
            });
        } catch (RuntimeException e) {
            // CORS headers are a courtesy on top of an answer that is already decided.
        }
    }

    private Optional<CorsConfiguration> configuration(Bucket bucket) {
        return store.bucketSettings().cors(bucket).map(doc -> CorsConfiguration.parse(
                xml.parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)))));
    }

    private static List<String> requestHeaders(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    }
}
