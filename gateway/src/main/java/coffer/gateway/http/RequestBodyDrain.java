package coffer.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and discards what is left of a small request body before an error answer goes out.
 *
 * <p>A server that answers a PUT without reading its body has to close the connection afterwards, and a client
 * still sending that body then meets a reset before it reads the answer: the AWS SDK reports a connection error
 * instead of the S3 error document. That happens whenever the client starts sending before the answer is
 * ready, for instance when its {@code Expect: 100-continue} wait (3 s in the SDK's Apache client) ends while
 * the gateway is still deciding (a database outage takes as long). Reading the rest first turns that race into
 * a plain, readable answer on a connection that stays open. Only bodies up to {@link #LIMIT} are read; past
 * that, sending the answer at once and closing is cheaper than receiving gigabytes to discard.
 */
final class RequestBodyDrain {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyDrain.class);
    /** The most a client may still have to send for its body to be read; larger bodies get the answer at once. */
    static final long LIMIT = 1024 * 1024;

    private RequestBodyDrain() {
    }

    /**
     * Discards the rest of {@code body} when the request declared a length of at most {@link #LIMIT}, or was
     * chunked and ends within it. Never throws: a client that went away or broke its framing gets the answer
     * (or the closed connection) it would have had anyway.
     */
    static void discardRest(InputStream body, long declaredLength, boolean chunked) {
        if (body == null || (!chunked && (declaredLength <= 0 || declaredLength > LIMIT))) {
            return;
        }
        byte[] scratch = new byte[16 * 1024];
        long left = LIMIT;
        try {
            while (left > 0) {
                int n = body.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("request body not drained before the error answer: {}", e.toString());
        }
    }
}
