package coffer.gateway.console;

import coffer.gateway.config.ConsoleConfig;
import coffer.storage.ObjectStorage;
import coffer.storage.accounts.Accounts;
import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The web console (docs/console.md): its own Jetty server on {@code --console-port}, bound to {@code --bind}, with
 * its own small thread pool, carrying a Jersey application: the pages and assets ({@link PagesResource}) and the
 * JSON API ({@link AuthResource}, {@link UsageResource}) behind {@link ConsoleFilter} (sessions, CSRF, security
 * headers), and the files API ({@link FilesResource}). Built like the admin API, apart from the S3 port, so that
 * neither can starve the other. Every request body on the port is bounded by {@link ConsoleBodyLimit}, before
 * Jersey.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final Server server;
    private final ServerConnector connector;

    public ConsoleServer(String bind, ConsoleConfig config, Accounts accounts, ObjectStorage storage, String region,
                         DataSource catalog, Clock clock, SecureRandom random) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("coffer-console");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);

        ConsoleJson json = new ConsoleJson();
        ConsoleAuth auth = new ConsoleAuth(config, accounts, new ConsoleUsers(catalog), new ConsoleSessions(catalog),
                random, clock);
        ResourceConfig app = new ResourceConfig();
        app.register(new ConsoleFilter(auth, json));
        app.register(new ConsoleErrors(json));
        app.register(new PagesResource(auth.tokens()));
        app.register(new AuthResource(auth, accounts, json));
        app.register(new UsageResource(accounts, json));
        app.register(new FilesResource(storage, region, json));
        app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        app.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        ConsoleBodyLimit limit = new ConsoleBodyLimit();
        limit.setHandler(ContainerFactory.createContainer(JettyHttpContainer.class, app));
        server.setHandler(limit);
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
