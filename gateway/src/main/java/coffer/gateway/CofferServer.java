package coffer.gateway;

import coffer.gateway.admin.AdminServer;
import coffer.gateway.admin.AdminToken;
import coffer.gateway.config.GatewaySettings;
import coffer.gateway.console.ConsoleInvitations;
import coffer.gateway.console.ConsoleServer;
import coffer.gateway.sideport.SidePortServer;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.db.DataSources;
import coffer.gateway.db.MariaDbBinaries;
import coffer.gateway.db.SupervisedMariaDb;
import coffer.gateway.health.Readiness;
import coffer.gateway.http.HttpServer;
import coffer.gateway.http.RequestIds;
import coffer.gateway.observe.AccessLog;
import coffer.gateway.observe.AccessLogSink;
import coffer.gateway.observe.GatewayMetrics;
import coffer.gateway.observe.LogContext;
import coffer.gateway.observe.RequestOutcome;
import coffer.gateway.observe.S3Metrics;
import coffer.gateway.serverlog.ServerAccessLogging;
import coffer.gateway.tls.TlsSetup;
import coffer.s3.S3Service;
import coffer.s3.auth.Authenticator;
import coffer.s3.auth.Credential;
import coffer.storage.EngineSettings;
import coffer.storage.GatewayIdentity;
import coffer.storage.StorageEngine;
import coffer.storage.Store;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.maintenance.Maintenance;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds and starts every part of a gateway in order, and stops them in reverse order.
 * 1. data directory (0700), metrics registry, access log; 2. database (embedded MariaDB unless an external one is
 * configured) and pool; 3. master key ({@link StorageEngine#openKeys}, checked before 2); 4.-5.
 * {@link StorageEngine#open}: blob engines (removing what crashed writes left), store and catalog schema; 6. first
 * account; 7. the engine's background work ({@link StorageEngine#startMaintenance}: GC, multipart reaper,
 * quota reservation keeper, reconciliation and scrub, master key re-wrap resumed if unfinished); 8. HTTP and/or
 * HTTPS; 9. admin API (with metrics, health, reconciliation and scrub); 10. the web console, when on.
 */
public final class CofferServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CofferServer.class);

    private final Deque<AutoCloseable> resources;
    private final HttpServer http;
    private final Store store;
    private final Optional<AccessKeyPair> createdKeys;
    private final AdminServer admin;
    private final Optional<String> tlsFingerprint;
    private final Optional<ConsoleServer> console;

    private CofferServer(Deque<AutoCloseable> resources, HttpServer http, Store store,
                         Optional<AccessKeyPair> createdKeys, AdminServer admin, Optional<String> tlsFingerprint,
                         Optional<ConsoleServer> console) {
        this.resources = resources;
        this.console = console;
        this.tlsFingerprint = tlsFingerprint;
        this.http = http;
        this.store = store;
        this.createdKeys = createdKeys;
        this.admin = admin;
    }

    public static CofferServer start(ServerConfig config) throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            SecureRandom random = new SecureRandom();
            Clock clock = Clock.systemUTC();
            Files.createDirectories(config.dataDir(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            GatewayIdentity gateway = GatewayIdentity.start(config.gatewayName(), random);
            LogContext.name(gateway.name());
            GatewayMetrics metrics = new GatewayMetrics(gateway.name());
            resources.push(metrics);
            resources.push(AccessLogSink.apply(config.accessLog()));

            // First: a key directory (or cluster key file) that is not safe refuses the start before anything else.
            StorageEngine.Keys keys = config.clusterKeyFile().isPresent()
                    ? StorageEngine.openClusterKeys(config.clusterKeyFile().get(), config.keyDir(), random)
                    : StorageEngine.openKeys(config.keyDir(), random);
            ServerConfig.DatabaseConfig db;
            if (config.database().isPresent()) {
                db = config.database().get();
            } else {
                // Watched: a mysqld that dies alone is started again on the same port (SupervisedMariaDb).
                SupervisedMariaDb embedded = SupervisedMariaDb.start(config.databaseDir(),
                        config.dbBinaries().orElseGet(MariaDbBinaries::defaultRoot));
                resources.push(embedded);
                db = embedded.catalog();
            }
            HikariDataSource pool = DataSources.pool(db.url(), db.user(), db.password(), metrics.registry());
            resources.push(pool);

            // Blob engines (closed after HTTP stops), crash leftovers removed, store and catalog schema.
            StorageEngine engine = StorageEngine.open(new EngineSettings(config.blobDir(), config.minFreeBytes(),
                    config.volumesEnabled(), config.volumes(), config.gcGrace(), config.multipart(), clock, random, gateway)
                    .withS3(config.blobS3().orElse(null)), keys, pool);
            resources.push(engine);
            Store store = engine.store();
            metrics.bindGcQueue(pool);
            Optional<AccessKeyPair> created = FirstAccount.ensure(store, config);

            // The engine's background work: GC, multipart reaper, reservation leases, integrity, key re-wrap.
            Maintenance maintenance = engine.startMaintenance(config.maintenance());
            resources.push(maintenance);
            metrics.bindIntegrity(maintenance.integrity());
            metrics.bindLease(maintenance.lease());

            Authenticator authenticator = new Authenticator(
                    id -> store.accounts().findSigningKey(id).map(k -> new Credential(k.key().accessKeyId(),
                            k.key().secretKey(), k.key().accountId(), k.readOnly())),
                    clock, config.domain());
            S3Service s3 = new S3Service(store, authenticator, config.region(), config.domain());
            Optional<TlsSetup.Material> tls = TlsSetup.prepare(config.tls(), config.tlsDir(), clock, random);
            HttpServer.Listen listen = new HttpServer.Listen(config.bind(),
                    config.httpEnabled() ? Optional.of(config.port()) : Optional.empty(),
                    tls.map(TlsSetup.Material::tls), config.limits());
            // metrics=false: no S3 meters at all (not merely unscraped), so no per-request recording; /metrics still
            // answers with the JVM, pool and Jetty meters.
            List<Consumer<RequestOutcome>> observers = config.metrics()
                    ? List.of(new S3Metrics(metrics.registry()), new AccessLog(gateway.name()))
                    : List.of(new AccessLog(gateway.name()));
            // Server access logging (PutBucketLogging): a spool under the data directory, delivered by this gateway.
            ServerAccessLogging serverLog = ServerAccessLogging.start(config.dataDir(), store, clock, random,
                    config.serverAccessLogFlush(), config.serverAccessLogQuiet());
            resources.push(serverLog);
            HttpServer http = new HttpServer(listen, s3, new RequestIds(gateway.name(), random), clock, observers,
                    serverLog);
            metrics.bindJetty(http.jetty());
            http.start();
            resources.push(http);
            if (http.port() >= 0) {
                LOG.info("Coffer serves S3 on http://{}:{} (region {}, gateway {})", config.bind(), http.port(),
                        config.region(), gateway.instance());
            }
            if (tls.isPresent()) {
                LOG.info("Coffer serves S3 on https://{}:{}; certificate {} SHA-256 {}", config.bind(),
                        http.tlsPort(), tls.get().certFile(), tls.get().fingerprint());
            }

            ServerConfig.AdminConfig adminConfig = config.admin();
            AdminToken token = AdminToken.loadOrCreate(adminConfig.token(), config.adminTokenFile(), random);
            java.util.concurrent.atomic.AtomicReference<String> consoleUrl = new java.util.concurrent.atomic
                    .AtomicReference<>(consoleUrl(config, http, tls.isPresent(), config.console().port()));
            ConsoleInvitations invitations = new ConsoleInvitations(pool, clock, random, consoleUrl::get);
            AdminServer admin = new AdminServer(adminConfig.bind(), adminConfig.port(), token, store.accounts(),
                    clock, metrics, new Readiness(pool, DataSources::acceptsQueries, config.dataDir(),
                            engine::blobStoreReachable),
                    maintenance.keyRotation(), maintenance.integrity(), maintenance.lease(), invitations);
            admin.start();
            resources.push(admin);
            LOG.info("Admin API on http://{}:{} (token {})", adminConfig.bind(), admin.port(),
                    adminConfig.token().isPresent() ? "from " + GatewaySettings.ADMIN_TOKEN.environment()
                            : "in " + config.adminTokenFile());
            Optional<ConsoleServer> console = Optional.empty();
            if (config.console().enabled()) {
                String publicUrl = config.console().publicUrl() != null ? config.console().publicUrl()
                        : http.port() >= 0 ? "http://" + reachable(config.bind()) + ":" + http.port()
                        : "https://" + reachable(config.bind()) + ":" + http.tlsPort();
                ConsoleServer web = new ConsoleServer(config.bind(), config.console(), store.accounts(), store,
                        config.region(), pool, clock, random, tls.map(m -> new SidePortServer.Tls(
                                m.tls().keyStore(), m.tls().password())).orElse(null), publicUrl);
                web.start();
                resources.push(web);
                consoleUrl.set(consoleUrl(config, http, tls.isPresent(), web.port()));
                console = Optional.of(web);
                LOG.info("Web console on {}://{}:{} (sign-up {})", tls.isPresent() ? "https" : "http", config.bind(),
                        web.port(),
                        config.console().signUp().name().toLowerCase(java.util.Locale.ROOT));
            }
            return new CofferServer(resources, http, store, created, admin,
                    tls.map(TlsSetup.Material::fingerprint), console);
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** --console-url, else the console port on the host of --public-url (or of the S3 port's address). */
    private static String consoleUrl(ServerConfig config, HttpServer http, boolean tls, int consolePort) {
        if (config.console().consoleUrl() != null) {
            return config.console().consoleUrl();
        }
        String host = reachable(config.bind());
        if (config.console().publicUrl() != null) {
            host = URI.create(config.console().publicUrl()).getHost();
        }
        return (tls ? "https://" : "http://") + host + ":" + consolePort;
    }

    /** A host clients can reach for a bind address: the loopback address for the wildcard ones. */
    static String reachable(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1"
                : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The HTTPS port actually bound, or -1 without HTTPS. */
    public int tlsPort() {
        return http.tlsPort();
    }

    /** The HTTPS endpoint on loopback (only meaningful with HTTPS on). */
    public URI tlsEndpoint() {
        return URI.create("https://127.0.0.1:" + tlsPort());
    }

    /** The SHA-256 fingerprint of the HTTPS certificate, when HTTPS is on. */
    public Optional<String> tlsFingerprint() {
        return tlsFingerprint;
    }

    /** The admin API's port (the one bound, when 0 was asked for). */
    public int adminPort() {
        return admin.port();
    }

    /** The web console's port (the one bound), or -1 when the console is off. */
    public int consolePort() {
        return console.map(ConsoleServer::port).orElse(-1);
    }

    public Store store() {
        return store;
    }

    /** The key pair this start created for the first account; empty on later starts. */
    public Optional<AccessKeyPair> createdKeys() {
        return createdKeys;
    }

    /** Stops HTTP gracefully first, then the workers, the pool and the embedded database. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
