package coffer.gateway.http;

import coffer.gateway.observe.FactsAttribute;
import coffer.gateway.observe.UnobservedRequests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before any S3 code runs (a malformed request line, a bad Content-Length, a forbidden
 * URI, headers that are too large), goes out as an S3 error document instead of Jetty's HTML page or its empty
 * answer, whatever the method, and never with a stack trace. The error code goes to the request's
 * {@link FactsAttribute} for the access log and the metrics.
 */
final class S3ErrorPages extends ErrorHandler {
    private static final Page REQUEST_TIMEOUT = new Page("RequestTimeout",
            "Your socket connection to the server was not read from or written to within the timeout period.");

    S3ErrorPages() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    /** Jetty renders a page for GET, POST and HEAD only; a PUT with a broken Content-Length got an empty 400. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        // S3 speaks HTTP/1.1 only, and never answers 505: a request line without a version (HTTP/0.9) or with
        // an unknown one is a malformed request. A client that stopped sending mid-request (the idle timeout
        // struck: S3's RequestTimeout) or closed its connection there is the client's error, not an internal one
        // in the access log and the metrics (Jetty reports both as 500).
        boolean timedOut = code == 500 && causedBy(cause, TimeoutException.class);
        boolean clientGone = code == 500 && causedBy(cause, EofException.class);
        int status = code == 505 || timedOut || clientGone ? 400 : code;
        Page page = timedOut ? REQUEST_TIMEOUT : page(status);
        response.setStatus(status);
        FactsAttribute.attachError(request, page.code());
        if (clientGone) {
            UnobservedRequests.ignore(request);
        }
        byte[] body = document(page).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    private static boolean causedBy(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Fixed messages only: Jetty's own reason may quote the request, and the request may hold a signature. */
    static String document(int status) {
        return document(page(status));
    }

    private static String document(Page page) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + page.code() + "</Code><Message>"
                + page.message() + "</Message></Error>";
    }

    /** The S3 error code and message for an HTTP status Jetty or Jersey decided on. */
    record Page(String code, String message) {
    }

    static Page page(int status) {
        return switch (status) {
            case 405 -> new Page("MethodNotAllowed", "The specified method is not allowed against this resource.");
            case 414 -> new Page("InvalidURI", "The request URI is too long.");
            case 431 -> new Page("RequestHeaderSectionTooLarge",
                    "Your request header section exceeds the maximum allowed size.");
            // Jetty answers 503 itself only when the concurrency cap's queue is full or a queued request waited
            // too long: S3's answer to that is SlowDown, which clients retry with back-off.
            case 503 -> new Page("SlowDown", "Please reduce your request rate.");
            default -> status >= 500
                    ? new Page("InternalError", "We encountered an internal error. Please try again.")
                    : new Page("InvalidRequest", "The request could not be understood (HTTP " + status + ").");
        };
    }
}
