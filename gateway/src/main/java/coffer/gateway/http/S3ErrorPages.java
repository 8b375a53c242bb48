package coffer.gateway.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before any S3 code runs (a malformed request line, a forbidden URI, headers that are
 * too large), goes out as an S3 error document instead of Jetty's HTML page, and never with a stack trace.
 */
final class S3ErrorPages extends ErrorHandler {

    S3ErrorPages() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        byte[] body = document(code).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Fixed messages only: Jetty's own reason may quote the request, and the request may hold a signature. */
    static String document(int status) {
        String code;
        String message;
        switch (status) {
            case 405 -> {
                code = "MethodNotAllowed";
                message = "The specified method is not allowed against this resource.";
            }
            case 414 -> {
                code = "InvalidURI";
                message = "The request URI is too long.";
            }
            case 431 -> {
                code = "RequestHeaderSectionTooLarge";
                message = "Your request header section exceeds the maximum allowed size.";
            }
            case 503 -> {
                // Jetty answers 503 itself only when the concurrency cap's queue is full or a queued request
                // waited too long: S3's answer to that is SlowDown, which clients retry with back-off.
                code = "SlowDown";
                message = "Please reduce your request rate.";
            }
            default -> {
                if (status >= 500) {
                    code = "InternalError";
                    message = "We encountered an internal error. Please try again.";
                } else {
                    code = "InvalidRequest";
                    message = "The request could not be understood (HTTP " + status + ").";
                }
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
    }
}
