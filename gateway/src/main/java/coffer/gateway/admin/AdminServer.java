package coffer.gateway.admin;

import coffer.gateway.health.Readiness;
import coffer.gateway.observe.GatewayMetrics;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.legacy.LegacyExport;
import coffer.storage.accounts.legacy.LegacyRestore;
import coffer.storage.integrity.Integrity;
import coffer.storage.maintenance.BackgroundLease;
import coffer.storage.keys.KeyRotation;
import java.time.Clock;
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
 * The admin API: its own Jetty server (own port, own small thread pool, loopback by default) carrying a Jersey
 * application of JSON resources behind the bearer-token filter. Kept apart from the S3 port so that S3 clients can
 * never reach it and a flood of S3 requests cannot starve it. See docs/accounts.md for the routes.
 */
public final class AdminServer implements AutoCloseable {
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final Server server;
    private final ServerConnector connector;

    public AdminServer(String bind, int port, AdminToken token, Accounts accounts, Clock clock,
                       GatewayMetrics metrics, Readiness readiness, KeyRotation keyRotation,
                       Integrity integrity, BackgroundLease lease) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("coffer-admin");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);

        AdminJson json = new AdminJson();
        ResourceConfig app = new ResourceConfig();
        app.register(new BearerTokenFilter(token, json));
        app.register(new AdminErrors(json));
        app.register(new OperationsResource(metrics, readiness, json));
        app.register(new AccountsResource(accounts, json));
        app.register(new KeysResource(accounts, json));
        app.register(new PlansResource(accounts, json));
        app.register(new UsageResource(accounts, json));
        app.register(new AuditResource(accounts, json));
        app.register(new MasterKeysResource(keyRotation, accounts, json));
        app.register(new IntegrityResource(integrity, accounts, json, clock));
        app.register(new LeaseResource(lease, json));
        app.register(new RestoreResource(new LegacyRestore(accounts, new LegacyExport(clock)), json));
        app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        app.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        server.setHandler(ContainerFactory.createContainer(JettyHttpContainer.class, app));
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
