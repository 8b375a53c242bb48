package coffer.gateway.http;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the S3 resource fail an exchange whose response is already committed. Jersey's Jetty container ignores a
 * failure once the status line went out (its {@code failure()} neither completes nor fails Jetty's callback), so
 * a body that breaks mid-stream would leave the client waiting and a graceful stop waiting for the request. This
 * wrapper hands the callback, made complete-once, to the request; failing it makes Jetty abort the connection.
 *
 * <p>Every failure reaches Jetty as a {@link QuietException}: Jetty logs a loud failure at WARN together with the
 * whole request, its URI and query included, and a presigned URL's query holds its signature. The failure is
 * logged here instead, with the path alone and without a stack trace (the S3 resource logs its own aborts).
 */
final class AbortableExchange extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(AbortableExchange.class);
    private static final String CALLBACK = AbortableExchange.class.getName() + ".callback";

    AbortableExchange(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        OnceCallback once = new OnceCallback(callback, request);
        request.setAttribute(CALLBACK, once);
        try {
            return super.handle(request, response, once);
        } catch (Exception | Error e) {
            once.failed(e);
            return true;
        }
    }

    /** Fails the exchange of {@code request}: the client sees the connection cut, the request completes. */
    static void abort(Request request, Throwable cause) {
        if (request.getAttribute(CALLBACK) instanceof OnceCallback callback) {
            callback.fail(new QuietException.Exception("response aborted", cause));
        }
    }

    private static final class OnceCallback implements Callback {
        private final Callback delegate;
        private final Request request;
        private final AtomicBoolean done = new AtomicBoolean();

        OnceCallback(Callback delegate, Request request) {
            this.delegate = delegate;
            this.request = request;
        }

        /** Fails the exchange; Jersey's own failures (never expected) are logged first, path only. */
        @Override
        public void failed(Throwable x) {
            if (!QuietException.isQuiet(x)) {
                LOG.warn("{} {}: the exchange failed: {}", request.getMethod(), request.getHttpURI().getPath(),
                        x.toString());
                fail(new QuietException.Exception("exchange failed", x));
            } else {
                fail(x);
            }
        }

        void fail(Throwable quiet) {
            if (done.compareAndSet(false, true)) {
                delegate.failed(quiet);
            }
        }

        @Override
        public void succeeded() {
            if (done.compareAndSet(false, true)) {
                delegate.succeeded();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return delegate.getInvocationType();
        }
    }
}
