package coffer.gateway.http;

import coffer.s3.S3Service;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jetty server that carries the S3 port: one connector, Jersey's native Jetty container (no servlets), and
 * Jetty's graceful handler so that a stop lets requests in flight finish.
 */
public final class HttpServer implements AutoCloseable {
    /** How long a graceful stop waits for requests in flight. */
    private static final long STOP_TIMEOUT_MS = 30_000;

    /**
     * S3 keys legitimately contain what Jetty's default compliance rejects with a 400 before any handler runs:
     * {@code %2F}, {@code %25}, {@code //}, {@code ..} segments, {@code ;} and backslashes. We never use the
     * decoded path, so these ambiguities cannot hurt us; the key is decoded from the raw path exactly once.
     */
    static final UriCompliance S3_URI_COMPLIANCE = UriCompliance.DEFAULT.with("S3",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    private final Server server;
    private final ServerConnector connector;

    public HttpServer(String bind, int port, S3Service service, Supplier<String> requestIds) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("coffer-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(S3_URI_COMPLIANCE);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        // Jetty's header cache hands back its own spelling of well-known values (for example
        // "text/plain; charset=utf-8" for the AWS SDK's "charset=UTF-8"), which breaks SigV4 signatures over them.
        http.setHeaderCacheCaseSensitive(true);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);

        ResourceConfig app = new ResourceConfig();
        app.register(new S3Resource(service, requestIds));
        app.register(new JerseyErrors());
        app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        app.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        JettyHttpContainer jersey = ContainerFactory.createContainer(JettyHttpContainer.class, app);
        server.setHandler(new GracefulHandler(new AbortableExchange(jersey)));
        server.setStopTimeout(STOP_TIMEOUT_MS);
        server.setStopAtShutdown(false);
        server.setErrorHandler(new S3ErrorPages());
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Graceful stop: no new requests, in-flight ones finish (up to the stop timeout). */
    @Override
    public void close() throws Exception {
        server.stop();
    }
}
