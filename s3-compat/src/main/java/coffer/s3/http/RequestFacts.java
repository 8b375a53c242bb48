package coffer.s3.http;

/**
 * What the S3 layer learned about one request, for the gateway's metrics and access log: each field as far as
 * the request got, null when not known (a request refused before its operation was resolved has no operation).
 * Holds no secret: the access key id is an identifier, never the secret key; no query or header is kept.
 *
 * @param requestId   the {@code x-amz-request-id} answered, or null (an error Jetty answered itself)
 * @param operation   the name of the resolved S3 operation
 * @param accessKeyId the authenticated access key id, null for anonymous or unauthenticated requests
 * @param bucket      the addressed bucket
 * @param key         the addressed key
 * @param errorCode   the S3 error code answered, null on success
 * @param serverLog   the server access log record's S3 side when the bucket is logged, else null
 */
public record RequestFacts(String requestId, String operation, String accessKeyId, String bucket, String key,
                           String errorCode, ServerLogFacts serverLog) {
    /** Nothing known. */
    public static final RequestFacts NONE = new RequestFacts(null, null, null, null, null, null, null);

    /** Facts of a request on a bucket that is not logged. */
    public RequestFacts(String requestId, String operation, String accessKeyId, String bucket, String key,
                        String errorCode) {
        this(requestId, operation, accessKeyId, bucket, key, errorCode, null);
    }

    /** An answer decided before the S3 layer ran (by the HTTP server's error pages): only its error code. */
    public static RequestFacts error(String errorCode) {
        return new RequestFacts(null, null, null, null, null, errorCode);
    }

    /** Whether the request was authenticated with an access key. */
    public boolean authenticated() {
        return accessKeyId != null;
    }
}
