package coffer.gateway.observe;

import coffer.s3.http.RequestFacts;
import java.time.Instant;

/**
 * One finished request on the S3 port, as metrics and the access log see it. Fields the request never reached are
 * null (a request Jetty rejected before the S3 layer has no operation). Holds no secret: the access key id is an
 * identifier, never the secret key, and neither the query string nor any header is kept.
 *
 * @param time          when the request began
 * @param remoteAddress the client's address
 * @param method        the HTTP method
 * @param facts         what the S3 layer learned (request id, operation, access key id, bucket, key, error code);
 *                      {@link RequestFacts#NONE} when it never ran
 * @param status        the HTTP status sent
 * @param bytesIn       request body bytes read from the connection (as sent, aws-chunked framing included)
 * @param bytesOut      response body bytes written
 * @param durationNanos from the request's first byte to the response's last
 * @param completed     false when the exchange failed (connection cut mid-body)
 */
public record RequestOutcome(Instant time, String remoteAddress, String method, RequestFacts facts, int status,
                             long bytesIn, long bytesOut, long durationNanos, boolean completed) {

    /** The operation for metrics: never null, so that every request is counted somewhere. */
    public String operationOrUnknown() {
        return facts.operation() == null ? "Unknown" : facts.operation();
    }

    /** The S3 error code, or null on success. */
    public String errorCode() {
        return facts.errorCode();
    }

    /** {@code 2xx}, {@code 4xx}, ...: the status class, the label metrics use. */
    public String statusClass() {
        return status / 100 + "xx";
    }
}
