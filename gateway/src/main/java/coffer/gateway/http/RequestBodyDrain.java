package coffer.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and discards what is left of a small request body before an error answer goes out.
 *
 * <p>A server that answers a PUT without reading its body has to close the connection afterwards, and a client
 * still sending that body then meets a reset before it reads the answer: the AWS SDK reports a connection error
 * instead of the S3 error document. That happens whenever the client sends before the answer is ready, for
 * instance when its {@code Expect: 100-continue} wait (3 s in the SDK's Apache client) ends while the gateway is
 * still deciding (a database outage takes as long). Reading the rest first turns that race into a plain, readable
 * answer on a connection that stays open. Only bodies up to {@link #LIMIT} are read; past that, sending the
 * answer at once and closing is cheaper than receiving gigabytes to discard.
 *
 * <p>A client that asked {@code Expect: 100-continue} and was never told to continue (the handler did not open
 * from the body) gets its answer at once, without a {@code 100 Continue}: that is the point of asking. Only if its
 * body has started to arrive anyway (its wait ran out) is the rest read first.
 */
final class RequestBodyDrain {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyDrain.class);
    /** The most a client may still have to send for its body to be read; larger bodies get the answer at once. */
    static final long LIMIT = 1024 * 1024;

    private RequestBodyDrain() {
    }

    /**
     * Discards the rest of the body of {@code request} when it declared a length of at most {@link #LIMIT}, or
     * was chunked and ends within it, and the request was {@code authenticated}. {@code bodyRead}: whether body
     * bytes were read (after which a {@code 100 Continue} may have gone out). Returns whether the connection can
     * carry another request (there was no body, or all of it was read); when not, the answer should say
     * {@code Connection: close}. Never throws: a client that went away or broke its framing gets the answer (or
     * the closed connection) it would have had anyway.
     *
     * <p>An unauthenticated (anonymous, or failed signature) request's body is never waited for: anyone could send
     * a large Content-Length and then a byte a second, and each such connection would hold a request slot while
     * its body was drained. It gets its answer at once and the connection is closed.
     */
    static boolean discardRest(Request request, boolean bodyRead, boolean authenticated) {
        long declared = request.getLength();
        boolean chunked = declared < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (!chunked && declared <= 0) {
            return true;
        }
        if (!authenticated || declared > LIMIT) {
            return false;
        }
        try {
            boolean waitingForContinue = !bodyRead
                    && request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
            if (waitingForContinue && !bodyAlreadyArriving(request)) {
                return false;
            }
            InputStream in = Content.Source.asInputStream(request);
            byte[] scratch = new byte[16 * 1024];
            long left = LIMIT;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("request body not drained before the error answer: {}", e.toString());
        }
        return false;
    }

    /** Reads (and drops) what has arrived so far without asking for more; whether the client began its body. */
    private static boolean bodyAlreadyArriving(Request request) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
            return false;
        }
        try {
            return chunk.hasRemaining() && !chunk.isLast();
        } finally {
            chunk.release();
        }
    }
}
