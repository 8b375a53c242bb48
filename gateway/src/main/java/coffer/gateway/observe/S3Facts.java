package coffer.gateway.observe;

import coffer.s3.http.S3Response;
import org.eclipse.jetty.server.Request;

/**
 * Carries what the S3 layer learned about a request (operation, account, bucket, key, error code, request id)
 * from the S3 resource to {@link ObservedExchange}, as a request attribute.
 */
public record S3Facts(String requestId, S3Response.Facts facts, String errorCode) {
    private static final String ATTRIBUTE = S3Facts.class.getName();

    /** Called by the S3 resource once the S3 layer answered. */
    public static void attach(Request request, String requestId, S3Response response) {
        request.setAttribute(ATTRIBUTE, new S3Facts(requestId, response.facts(), response.errorCode()));
    }

    /** Called by the error pages of the S3 port: an answer Jetty or Jersey decided on, before the S3 layer. */
    public static void attachError(Request request, String errorCode) {
        if (of(request) == null) {
            request.setAttribute(ATTRIBUTE, new S3Facts(null, null, errorCode));
        }
    }

    static S3Facts of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof S3Facts f ? f : null;
    }
}
