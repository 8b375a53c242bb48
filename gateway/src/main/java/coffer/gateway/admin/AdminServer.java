package coffer.gateway.admin;

import coffer.gateway.health.Readiness;
import coffer.gateway.observe.GatewayMetrics;
import coffer.gateway.sideport.SidePortServer;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.legacy.LegacyExport;
import coffer.storage.accounts.legacy.LegacyRestore;
import coffer.storage.integrity.Integrity;
import coffer.storage.maintenance.BackgroundLease;
import coffer.storage.keys.KeyRotation;
import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The admin API: its own Jetty server (own port, own small thread pool, loopback by default) carrying a Jersey
 * application of JSON resources behind the bearer-token filter. Kept apart from the S3 port so that S3 clients can
 * never reach it and a flood of S3 requests cannot starve it. See docs/accounts.md for the routes.
 */
public final class AdminServer implements AutoCloseable {
    private final SidePortServer server;

    public AdminServer(String bind, int port, AdminToken token, Accounts accounts, Clock clock,
                       GatewayMetrics metrics, Readiness readiness, KeyRotation keyRotation,
                       Integrity integrity, BackgroundLease lease, ConsoleLinks invitations) {
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
        app.register(new RestoreResource(new LegacyRestore(accounts, new LegacyExport(clock)), accounts, invitations,
                json));
        app.register(new InvitationsResource(invitations, accounts, json));
        this.server = new SidePortServer("coffer-admin", bind, port, 16, 0, app, container -> container);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
