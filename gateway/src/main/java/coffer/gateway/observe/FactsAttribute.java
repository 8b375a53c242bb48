package coffer.gateway.observe;

import coffer.s3.http.RequestFacts;
import org.eclipse.jetty.server.Request;

/**
 * Carries the S3 layer's {@link RequestFacts} from the S3 resource to {@link ObservedExchange} (metrics and the
 * access log), as a request attribute.
 */
public final class FactsAttribute {
    private static final String ATTRIBUTE = RequestFacts.class.getName();

    private FactsAttribute() {
    }

    /** Called by the S3 resource once the S3 layer answered. */
    public static void attach(Request request, RequestFacts facts) {
        request.setAttribute(ATTRIBUTE, facts);
    }

    /** Called by the error pages of the S3 port: an answer Jetty or Jersey decided on, before the S3 layer. */
    public static void attachError(Request request, String errorCode) {
        if (of(request) == RequestFacts.NONE) {
            request.setAttribute(ATTRIBUTE, RequestFacts.error(errorCode));
        }
    }

    /** The facts attached to {@code request}, or {@link RequestFacts#NONE}. */
    static RequestFacts of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestFacts f ? f : RequestFacts.NONE;
    }
}
