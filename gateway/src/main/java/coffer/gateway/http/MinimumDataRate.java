package coffer.gateway.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Fails the body of a request whose client sends it slower than {@code bytesPerSecond}, so that a trickle of one
 * byte a second cannot hold a request slot for as long as the idle timeout keeps being reset (Jetty 12 keeps
 * {@code HttpConfiguration.minRequestDataRate} as a setting but no longer enforces it).
 *
 * <p>The rate is measured over the time the gateway spent waiting for body bytes that had not arrived, not over
 * the request's lifetime: a gateway that is slow to read (a busy disk, a database pause) never counts against the
 * client. It is judged only after {@link #GRACE} of such waiting. A failed body reads as a {@link TimeoutException}
 * (then answered 400 RequestTimeout, see {@link ClientBodyStream}), and the connection is not reused.
 *
 * <p>A client that sends nothing at all after its request head would never be judged by reads alone (no byte
 * arrives, so no read returns), and would hold its slot until the idle timeout: each wait for body bytes also arms
 * a timer for the moment the rate would be missed; if the client is still silent then, the waiting reader is woken
 * and reads the failure.
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

        /**
         * Demand as asked, plus a timer that wakes the reader with the failure if the client stays silent past the
         * point where it misses the rate. The reader's callback runs at most once per demand, whichever comes first.
         */
        @Override
        public void demand(Runnable demandCallback) {
            AtomicBoolean ran = new AtomicBoolean();
            Runnable once = () -> {
                if (ran.compareAndSet(false, true)) {
                    demandCallback.run();
                }
            };
            Scheduler.Task timer = getComponents().getScheduler().schedule(() -> {
                if (failIfSilent()) {
                    getContext().execute(once);
                }
            }, untilTooSlowNanos(), TimeUnit.NANOSECONDS);
            super.demand(() -> {
                timer.cancel();
                once.run();
            });
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
            return tooSlow(waitedNanos);
        }

        private boolean tooSlow(long waited) {
            return waited > GRACE_NANOS && bytes < bytesPerSecond * (double) waited / TimeUnit.SECONDS.toNanos(1);
        }

        /** How much more waiting, counted from now, makes the body too slow (a little past it). */
        private synchronized long untilTooSlowNanos() {
            long needed = Math.max(GRACE_NANOS,
                    (long) (bytes * (double) TimeUnit.SECONDS.toNanos(1) / bytesPerSecond));
            return Math.max(needed - waitedSoFar(System.nanoTime()), 0) + TimeUnit.MILLISECONDS.toNanos(100);
        }

        private long waitedSoFar(long now) {
            return waitedNanos + (waitingSince >= 0 ? now - waitingSince : 0);
        }

        /** Still waiting and now too slow: the body fails (the next read returns the failure). */
        private synchronized boolean failIfSilent() {
            if (failure != null) {
                return true;
            }
            if (waitingSince < 0 || !tooSlow(waitedSoFar(System.nanoTime()))) {
                return false;
            }
            failure = Content.Chunk.from(new TimeoutException("request body silent for longer than "
                    + bytesPerSecond + " bytes/s allows"), true);
            return true;
        }
    }
}
