package coffer.gateway.http;

import coffer.gateway.observe.ObservedExchange;
import coffer.gateway.serverlog.LogLine;
import coffer.gateway.serverlog.ServerAccessLogging;
import coffer.s3.http.RequestFacts;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Writes the server access log record of one request on a logged bucket before the request's answer completes
 * (docs/access-logging.md): at once for an answer without a body, else just before the body's last bytes go out
 * ({@link #guard}). At most once per request. Not thread-safe beyond that guarantee (one request thread).
 */
final class ServerLogHook {
    private final ServerAccessLogging logging;
    private final Request jetty;
    private final RequestFacts facts;
    private final String hostId;
    private final int status;
    private final long turnAroundMillis;
    private final AtomicBoolean done = new AtomicBoolean();

    ServerLogHook(ServerAccessLogging logging, Request jetty, RequestFacts facts, String hostId, int status) {
        this.logging = logging;
        this.jetty = jetty;
        this.facts = facts;
        this.hostId = hostId;
        this.status = status;
        this.turnAroundMillis = elapsedMillis();
    }

    /** The hook of a request, or null when its bucket is not logged. */
    static ServerLogHook of(ServerAccessLogging logging, Request jetty, RequestFacts facts, String hostId,
                            int status) {
        return logging == null || facts.serverLog() == null ? null
                : new ServerLogHook(logging, jetty, facts, hostId, status);
    }

    /** Writes the record, with {@code bytesSent} body bytes; only the first call does. */
    void record(long bytesSent) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        ObservedExchange.Start start = ObservedExchange.start(jetty);
        String tls = null;
        String cipher = null;
        if (jetty.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
            cipher = ssl.cipherSuite();
            tls = ssl.sslSession() == null ? null : ssl.sslSession().getProtocol();
        }
        LogLine.Exchange x = new LogLine.Exchange(start.time(), Request.getRemoteAddr(jetty), jetty.getMethod(),
                jetty.getHttpURI().getPath(), jetty.getHttpURI().getQuery(),
                jetty.getConnectionMetaData().getProtocol(), jetty.getHeaders().get("Referer"),
                jetty.getHeaders().get("User-Agent"), jetty.getHeaders().get("Host"), tls, cipher);
        logging.record(x, facts, hostId, status, bytesSent, elapsedMillis(), turnAroundMillis);
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ObservedExchange.start(jetty).nanos());
    }

    /** {@code out}, which writes the record before the byte that completes {@code length} (when known). */
    OutputStream guard(OutputStream out, long length) {
        return new Guard(out, length);
    }

    /** The response body's stream with the record's trigger. */
    final class Guard extends FilterOutputStream {
            private final long length;
            private long written;

            Guard(OutputStream out, long length) {
                super(out);
                this.length = length;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (length >= 0 && written + len >= length) {
                    record(written + len);
                }
                written += len;
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            /** The end of the body (of unknown length: the record goes before the response completes). */
            void finish() {
                record(written);
            }
    }
}
