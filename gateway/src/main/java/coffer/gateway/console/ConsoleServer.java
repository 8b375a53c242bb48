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
        ConsoleJson json = new ConsoleJson();
        ConsoleAuth auth = new ConsoleAuth(config, accounts, new ConsoleUsers(catalog), new ConsoleSessions(catalog),
                random, clock);
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
        this.server = new SidePortServer("coffer-console", bind, config.port(), 32, 16 * 1024, app, container -> {
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
