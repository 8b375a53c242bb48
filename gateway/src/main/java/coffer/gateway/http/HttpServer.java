package coffer.gateway.http;

import coffer.gateway.config.Limits;
import coffer.gateway.observe.ObservedExchange;
import coffer.gateway.serverlog.ServerAccessLogging;
import coffer.gateway.observe.RequestOutcome;
import coffer.gateway.observe.UnobservedRequests;
import coffer.s3.S3Service;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jetty server that carries the S3 port: a plain HTTP connector, an HTTPS one, or both; Jersey's native Jetty
 * container (no servlets). Handlers, outside in: {@link ObservedExchange} (metrics and access log see every request,
 * rejected ones too), Jetty's graceful handler (a stop lets requests in flight finish, up to the drain timeout),
 * Jetty's QoS handler (at most {@code maxConcurrent} requests at once, a short queue, then 503 SlowDown), the
 * minimum body data rate (a trickling client cannot keep its slot), and the abortable exchange around Jersey.
 * Requests Jetty rejects before any handler (bad messages) reach the observers through {@link UnobservedRequests}.
 */
public final class HttpServer implements AutoCloseable {
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
    private final Optional<ServerConnector> http;
    private final Optional<ServerConnector> https;

    /**
     * How the S3 port listens.
     *
     * @param bind      listen address of both connectors
     * @param httpPort  plain HTTP port, empty for HTTPS alone; 0 picks a free one
     * @param tls       the HTTPS key store (see {@code PemKeyStore}) and port, empty for HTTP alone
     * @param limits    header size, idle timeout, concurrency, queue, drain
     */
    public record Listen(String bind, Optional<Integer> httpPort, Optional<Tls> tls, Limits limits) {
    }

    /** HTTPS: the key store holding the key and chain, its password, and the port (0 picks a free one). */
    public record Tls(KeyStore keyStore, String password, int port) {
    }

    public HttpServer(Listen listen, S3Service service, RequestIds requestIds, Clock clock,
                      List<Consumer<RequestOutcome>> observers) {
        this(listen, service, requestIds, clock, observers, null);
    }

    /** As above; {@code serverLog} (null: none) gets the records of requests on logged buckets. */
    public HttpServer(Listen listen, S3Service service, RequestIds requestIds, Clock clock,
                      List<Consumer<RequestOutcome>> observers, ServerAccessLogging serverLog) {
        Limits limits = listen.limits();
        // Queued requests hold no thread (the QoS handler suspends them), so the pool needs the concurrent
        // requests plus Jetty's acceptors, selectors and a margin.
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxConcurrent() + 32, 8);
        threads.setName("coffer-http");
        this.server = new Server(threads);
        HttpConfiguration config = httpConfiguration(limits);
        this.http = listen.httpPort().map(port -> {
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(config));
            return configure(c, listen.bind(), port, limits);
        });
        this.https = listen.tls().map(tls -> {
            HttpConfiguration secure = new HttpConfiguration(config);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            // Virtual-hosted-style names (bucket.host) need not be in the certificate for a client to ask for them.
            customizer.setSniHostCheck(false);
            customizer.setSniRequired(false);
            secure.addCustomizer(customizer);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(tls.password());
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(secure));
            return configure(c, listen.bind(), tls.port(), limits);
        });
        http.ifPresent(server::addConnector);
        https.ifPresent(server::addConnector);

        ResourceConfig app = new ResourceConfig();
        app.register(new S3Resource(service, requestIds, serverLog));
        app.register(new JerseyErrors());
        app.register(new UnparsedContentType());
        app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        app.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        JettyHttpContainer jersey = ContainerFactory.createContainer(JettyHttpContainer.class, app);
        QoSHandler qos = new QoSHandler(new MinimumDataRate(new AbortableExchange(jersey),
                limits.minRequestDataRate()));
        qos.setMaxRequestCount(limits.maxConcurrent());
        qos.setMaxSuspendedRequestCount(limits.maxQueued());
        qos.setMaxSuspend(limits.queueTimeout());
        ObservedExchange observed = new ObservedExchange(new GracefulHandler(qos), clock, observers);
        server.setHandler(observed);
        server.setRequestLog(new UnobservedRequests(observed));
        server.setStopTimeout(limits.drainTimeout().toMillis());
        server.setStopAtShutdown(false);
        server.setErrorHandler(new S3ErrorPages());
    }

    private static HttpConfiguration httpConfiguration(Limits limits) {
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(S3_URI_COMPLIANCE);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        // Jetty's header cache hands back its own spelling of well-known values (for example
        // "text/plain; charset=utf-8" for the AWS SDK's "charset=UTF-8"), which breaks SigV4 signatures over them.
        http.setHeaderCacheCaseSensitive(true);
        return http;
    }

    private static ServerConnector configure(ServerConnector c, String bind, int port, Limits limits) {
        c.setHost(bind);
        c.setPort(port);
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        return c;
    }

    public void start() throws Exception {
        server.start();
    }

    /** The Jetty server, for metrics binders. */
    public Server jetty() {
        return server;
    }

    /** The plain HTTP port actually bound (useful when 0 was asked for), or -1 when HTTP is off. */
    public int port() {
        return http.map(ServerConnector::getLocalPort).orElse(-1);
    }

    /** The HTTPS port actually bound, or -1 when HTTPS is off. */
    public int tlsPort() {
        return https.map(ServerConnector::getLocalPort).orElse(-1);
    }

    /** Graceful stop: no new requests, in-flight ones finish (up to the drain timeout). */
    @Override
    public void close() throws Exception {
        server.stop();
    }
}
