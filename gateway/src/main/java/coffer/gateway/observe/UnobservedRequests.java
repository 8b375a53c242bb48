package coffer.gateway.observe;

import coffer.s3.http.RequestFacts;
import java.time.Instant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Jetty's request log of the S3 port, used for one thing: requests Jetty answered itself without running any
 * handler (a malformed request line, a bad Content-Length, headers too large), which {@link ObservedExchange}
 * never sees. Each gets one {@link RequestOutcome} too, with the error code the error page chose, so that the
 * access log and the metrics count every request. Jetty logs each request once, when its stream completes.
 */
public final class UnobservedRequests implements RequestLog {
    private static final String IGNORED = UnobservedRequests.class.getName() + ".ignored";
    private final ObservedExchange exchange;

    /** Publishes to the observers of {@code exchange}. */
    public UnobservedRequests(ObservedExchange exchange) {
        this.exchange = exchange;
    }

    /**
     * Not a request: the client closed its connection before its request began or its head was complete (Jetty
     * reports that as a failed request too, also when a client closes a kept-alive connection at a bad moment).
     */
    public static void ignore(Request request) {
        request.setAttribute(IGNORED, Boolean.TRUE);
    }

    @Override
    public void log(Request request, Response response) {
        if (ObservedExchange.saw(request) || request.getAttribute(IGNORED) != null) {
            return;
        }
        RequestFacts error = RequestFacts.error(FactsAttribute.of(request).errorCode());
        exchange.publish(new RequestOutcome(Instant.ofEpochMilli(Request.getTimeStamp(request)),
                Request.getRemoteAddr(request), request.getMethod(), error, response.getStatus(),
                0, Response.getContentBytesWritten(response),
                Math.max(0, System.nanoTime() - request.getBeginNanoTime()), true));
    }
}
