package coffer.gateway.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Fails the body of a request whose client sends it slower than {@code bytesPerSecond}, so that a trickle of one
 * byte a second cannot hold a request slot for as long as the idle timeout keeps being reset (Jetty 12 keeps
 * {@code HttpConfiguration.minRequestDataRate} as a setting but no longer enforces it).
 *
 * <p>The rate is measured over the time the gateway spent waiting for body bytes that had not arrived, not over
 * the request's lifetime: a gateway that is slow to read (a busy disk, a database pause) never counts against the
 * client. It is judged only after {@link #GRACE} of such waiting. A failed body reads as a {@link TimeoutException}
 * (then answered 400 RequestTimeout, see {@link ClientBodyStream}), and the connection is not reused.
 */
final class MinimumDataRate extends Handler.Wrapper {
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long bytesPerSecond;

    /** {@code bytesPerSecond} 0 turns the check off. */
    MinimumDataRate(Handler next, long bytesPerSecond) {
        super(next);
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(bytesPerSecond == 0 ? request : new Metered(request, bytesPerSecond), response, callback);
    }

    /** Reads of one request's body happen one at a time (Jetty's demand contract); the lock only publishes state. */
    private static final class Metered extends Request.Wrapper {
        private final long bytesPerSecond;
        private long bytes;
        private long waitedNanos;
        private long waitingSince = -1;
        private Content.Chunk failure;

        Metered(Request wrapped, long bytesPerSecond) {
            super(wrapped);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public synchronized Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            long now = System.nanoTime();
            if (chunk == null) {
                if (waitingSince < 0) {
                    waitingSince = now;
                }
                return null;
            }
            if (waitingSince >= 0) {
                waitedNanos += now - waitingSince;
                waitingSince = -1;
            }
            bytes += chunk.remaining();
            if (!chunk.isLast() && tooSlow()) {
                chunk.release();
                failure = Content.Chunk.from(new TimeoutException("request body slower than " + bytesPerSecond
                        + " bytes/s"), true);
                return failure;
            }
            return chunk;
        }

        private boolean tooSlow() {
            return waitedNanos > GRACE_NANOS
                    && bytes < bytesPerSecond * (double) waitedNanos / TimeUnit.SECONDS.toNanos(1);
        }
    }
}
