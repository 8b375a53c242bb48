package coffer.gateway.observe;

import java.time.Instant;

/**
 * One finished request on the S3 port, as metrics and the access log see it. Fields the request never reached are
 * null (a request Jetty rejected before the S3 layer has no operation). Holds no secret: the access key id is an
 * identifier, never the secret key, and neither the query string nor any header is kept.
 *
 * @param time          when the request began
 * @param requestId     the {@code x-amz-request-id} answered, or null
 * @param remoteAddress the client's address
 * @param method        the HTTP method
 * @param operation     the S3 operation name, or null
 * @param accessKeyId   the authenticated access key id, or null for anonymous or unauthenticated requests
 * @param bucket        the addressed bucket, or null
 * @param key           the addressed key, or null
 * @param status        the HTTP status sent
 * @param errorCode     the S3 error code, or null on success
 * @param bytesIn       request body bytes read from the connection (as sent, aws-chunked framing included)
 * @param bytesOut      response body bytes written
 * @param durationNanos from the request's first byte to the response's last
 * @param completed     false when the exchange failed (connection cut mid-body)
 */
public record RequestOutcome(Instant time, String requestId, String remoteAddress, String method, String operation,
                             String accessKeyId, String bucket, String key, int status, String errorCode,
                             long bytesIn, long bytesOut, long durationNanos, boolean completed) {

    /** The operation for metrics: never null, so that every request is counted somewhere. */
    public String operationOrUnknown() {
        return operation == null ? "Unknown" : operation;
    }

    /** {@code 2xx}, {@code 4xx}, ...: the status class, the label metrics use. */
    public String statusClass() {
        return status / 100 + "xx";
    }
}
