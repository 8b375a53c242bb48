package coffer.gateway.sideport;

import java.security.KeyStore;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jetty server of its own for a port beside the S3 port (the admin API, the web console): its own small thread
 * pool, so that neither port can starve the other; no {@code Server} or {@code X-Powered-By} header; connections idle
 * for 60 s are closed; a stop waits up to 10 s for requests in flight. It carries one Jersey application, without
 * WADL, whose error responses keep their status; {@code wrap} may put a handler in front of it. With {@link Tls} the
 * port speaks HTTPS only (TLS 1.3 and 1.2, the S3 port's certificate), and requests know they are secure.
 */
public final class SidePortServer implements AutoCloseable {
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final long IDLE_TIMEOUT_MS = 60_000;

    /** The key store holding the key and chain, and its password (the S3 port's, {@code coffer.gateway.tls}). */
    public record Tls(KeyStore keyStore, String password) {
    }

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param name              the thread name prefix
     * @param requestHeaderSize the bound of a request's headers in bytes, or 0 for Jetty's default (8 KiB)
     */
    public SidePortServer(String name, String bind, int port, int maxThreads, int requestHeaderSize,
                          ResourceConfig app, UnaryOperator<Handler> wrap) {
        this(name, bind, port, maxThreads, requestHeaderSize, null, app, wrap);
    }

    /** As above, speaking HTTPS when {@code tls} is not null. */
    public SidePortServer(String name, String bind, int port, int maxThreads, int requestHeaderSize, Tls tls,
                          ResourceConfig app, UnaryOperator<Handler> wrap) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 2);
        threads.setName(name);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (requestHeaderSize > 0) {
            http.setRequestHeaderSize(requestHeaderSize);
        }
        if (tls == null) {
            this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false);
            customizer.setSniRequired(false);
            http.addCustomizer(customizer);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(tls.password());
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            this.connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        }
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        app.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        server.setHandler(wrap.apply(ContainerFactory.createContainer(JettyHttpContainer.class, app)));
        server.setStopTimeout(STOP_TIMEOUT_MS);
        server.setStopAtShutdown(false);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
