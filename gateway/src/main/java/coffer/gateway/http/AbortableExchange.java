package coffer.gateway.http;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets the S3 resource fail an exchange whose response is already committed. Jersey's Jetty container ignores a
 * failure once the status line went out (its {@code failure()} neither completes nor fails Jetty's callback), so
 * a body that breaks mid-stream would leave the client waiting and a graceful stop waiting for the request. This
 * wrapper hands the callback, made complete-once, to the request; failing it makes Jetty abort the connection.
 */
final class AbortableExchange extends Handler.Wrapper {
    private static final String CALLBACK = AbortableExchange.class.getName() + ".callback";

    AbortableExchange(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        OnceCallback once = new OnceCallback(callback);
        request.setAttribute(CALLBACK, once);
        return super.handle(request, response, once);
    }

    /** Fails the exchange of {@code request}: the client sees the connection cut, the request completes. */
    static void abort(Request request, Throwable cause) {
        if (request.getAttribute(CALLBACK) instanceof Callback callback) {
            callback.failed(cause);
        }
    }

    private static final class OnceCallback implements Callback {
        private final Callback delegate;
        private final AtomicBoolean done = new AtomicBoolean();

        OnceCallback(Callback delegate) {
            this.delegate = delegate;
        }

        @Override
        public void succeeded() {
            if (done.compareAndSet(false, true)) {
                delegate.succeeded();
            }
        }

        @Override
        public void failed(Throwable x) {
            if (done.compareAndSet(false, true)) {
                delegate.failed(x);
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return delegate.getInvocationType();
        }
    }
}
