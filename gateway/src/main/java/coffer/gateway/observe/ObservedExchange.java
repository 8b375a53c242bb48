package coffer.gateway.observe;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler of the S3 port: counts the body bytes read and written, and when the exchange completes
 * (its callback succeeds or fails, so after a streamed body has gone out) hands one {@link RequestOutcome} to each
 * observer (metrics, access log). Observers run on the completing thread and must be quick and never throw; an
 * observer that throws anyway is logged and does not disturb the exchange. Thread-safe.
 */
public final class ObservedExchange extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedExchange.class);
    private static final String SEEN = ObservedExchange.class.getName() + ".seen";
    private static final String START = ObservedExchange.class.getName() + ".start";

    private final Clock clock;
    private final List<Consumer<RequestOutcome>> observers;

    public ObservedExchange(Handler next, Clock clock, List<Consumer<RequestOutcome>> observers) {
        super(next);
        this.clock = clock;
        this.observers = List.copyOf(observers);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long startNanos = System.nanoTime();
        Instant start = clock.instant();
        request.setAttribute(SEEN, Boolean.TRUE);
        request.setAttribute(START, new Start(start, startNanos));
        CountingRequest in = new CountingRequest(request);
        CountingResponse out = new CountingResponse(in, response);
        Callback observed = new Callback() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public void succeeded() {
                report(true);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                report(false);
                callback.failed(x);
            }

            private void report(boolean completed) {
                if (done.compareAndSet(false, true)) {
                    publish(outcome(request, response, start, startNanos, in, out, completed));
                }
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        return super.handle(in, out, observed);
    }

    private static RequestOutcome outcome(Request request, Response response, Instant start, long startNanos,
                                          CountingRequest in, CountingResponse out, boolean completed) {
        return new RequestOutcome(start, Request.getRemoteAddr(request), request.getMethod(),
                FactsAttribute.of(request), response.getStatus(), in.bytes.sum(), out.bytes.sum(),
                System.nanoTime() - startNanos, completed);
    }

    /** Whether the exchange of {@code request} passed through this handler (Jetty answers bad messages itself). */
    static boolean saw(Request request) {
        return request.getAttribute(SEEN) != null;
    }

    void publish(RequestOutcome outcome) {
        for (Consumer<RequestOutcome> observer : observers) {
            try {
                observer.accept(outcome);
            } catch (RuntimeException e) {
                LOG.warn("request observer failed: {}", e.toString());
            }
        }
    }

    /** When the exchange began: the clock's instant and {@link System#nanoTime()}. */
    public record Start(Instant time, long nanos) {
    }

    /** When the exchange of {@code request} began; now when it is not observed. */
    public static Start start(Request request) {
        return request.getAttribute(START) instanceof Start s ? s : new Start(Instant.now(), System.nanoTime());
    }

    /**
     * Body bytes read so far in the exchange of {@code request} (the counted request or any wrapper around it); 0
     * when the exchange is not observed.
     */
    public static long bodyBytesRead(Request request) {
        CountingRequest in = Request.as(request, CountingRequest.class);
        return in == null ? 0 : in.bytes.sum();
    }

    private static final class CountingRequest extends Request.Wrapper {
        final LongAdder bytes = new LongAdder();

        CountingRequest(Request wrapped) {
            super(wrapped);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytes.add(chunk.remaining());
            }
            return chunk;
        }
    }

    private static final class CountingResponse extends Response.Wrapper {
        final LongAdder bytes = new LongAdder();

        CountingResponse(Request request, Response wrapped) {
            super(request, wrapped);
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (content != null) {
                bytes.add(content.remaining());
            }
            super.write(last, content, callback);
        }
    }
}
