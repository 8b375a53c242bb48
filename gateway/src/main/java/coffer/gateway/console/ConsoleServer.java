package coffer.gateway.console;

import coffer.gateway.config.ConsoleConfig;
import coffer.gateway.sideport.SidePortServer;
import coffer.storage.ObjectStorage;
import coffer.storage.accounts.Accounts;
import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The web console (docs/console.md): its own Jetty server on {@code --console-port}, bound to {@code --bind}, with
 * its own small thread pool, carrying a Jersey application: the pages and assets ({@link PagesResource}) and the
 * JSON API ({@link AuthResource}, {@link UsageResource}) behind {@link ConsoleFilter} (sessions, CSRF, security
 * headers), and the files API ({@link FilesResource}, {@link ObjectsResource}, {@link DownloadResource},
 * {@link UploadsResource}). Built like the admin API, apart from the S3 port, so that
 * neither can starve the other. Every request body on the port is bounded by {@link ConsoleBodyLimit}, before
 * Jersey.
 */
public final class ConsoleServer implements AutoCloseable {
    private final SidePortServer server;

    public ConsoleServer(String bind, ConsoleConfig config, Accounts accounts, ObjectStorage storage, String region,
                         DataSource catalog, Clock clock, SecureRandom random) {
        this(bind, config, accounts, storage, region, catalog, clock, random, null, "http://127.0.0.1");
    }

    /**
     * @param tls       HTTPS on the console port (the S3 port's certificate), or null for plain HTTP
     * @param publicUrl the S3 address for the devices page's client settings
     */
    public ConsoleServer(String bind, ConsoleConfig config, Accounts accounts, ObjectStorage storage, String region,
                         DataSource catalog, Clock clock, SecureRandom random, SidePortServer.Tls tls,
                         String publicUrl) {
        ConsoleJson json = new ConsoleJson();
        ConsoleAuth auth = new ConsoleAuth(config, accounts, new ConsoleUsers(catalog), new ConsoleSessions(catalog),
                // Sign-up and claims only check and spend links; making them (with their URL) is the admin API's.
                new ConsoleInvitations(catalog, clock, random, () -> ""), random, clock);
        ResourceConfig app = new ResourceConfig();
        app.register(new ConsoleFilter(auth, json));
        app.register(new ConsoleErrors(json));
        app.register(new PagesResource(auth.tokens()));
        app.register(new AuthResource(auth, accounts, json));
        app.register(new UsageResource(accounts, json));
        FilesAccess files = new FilesAccess(storage, accounts);
        app.register(new FilesResource(files, region, json));
        app.register(new ObjectsResource(files, json));
        app.register(new DownloadResource(files));
        app.register(new UploadsResource(files, json));
        ShareLinks shares = new ShareLinks(catalog);
        app.register(new ShareResource(shares, storage, auth.hasher(), auth.tokens(), json, clock));
        app.register(new ShareServeResource(shares, storage, accounts, auth.hasher(), auth.tokens(), json, clock,
                config.signIn()));
        app.register(new DevicesResource(accounts, publicUrl, region, json));
        this.server = new SidePortServer("coffer-console", bind, config.port(), 32, 16 * 1024, tls, app, container -> {
            ConsoleBodyLimit limit = new ConsoleBodyLimit();
            limit.setHandler(container);
            return limit;
        });
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
