package coffer.it.support;

import coffer.gateway.CofferServer;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.config.ServerConfigBuilder;
import coffer.storage.maintenance.MaintenanceSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A real gateway that a test starts and closes itself: its own data directory and its own database on the one
 * embedded MariaDB that the whole test JVM shares ({@link SharedMariaDb}). A test class that needs one gateway for
 * all its tests registers a {@link GatewayExtension} instead.
 */
public final class TestGateway implements Gateway, AutoCloseable {
    private final CofferServer server;
    private final Path dataDir;
    private final String jdbcUrl;
    private final ServerConfig config;

    private TestGateway(CofferServer server, Path dataDir, String jdbcUrl, ServerConfig config) {
        this.server = server;
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.config = config;
    }

    /** Starts a gateway on a random port with the test credentials as its first account. */
    public static TestGateway start() throws Exception {
        return start(Optional.empty());
    }

    public static TestGateway start(Optional<String> domain) throws Exception {
        return start(domain, MaintenanceSchedule.DEFAULT_GC_GRACE);
    }

    /** With the given GC grace (zero: a deleted object's blob may be collected at once). */
    public static TestGateway start(Optional<String> domain, Duration gcGrace) throws Exception {
        return start(domain, gcGrace, (dataDir, config) -> { });
    }

    /** With settings (HTTPS, limits, access log...) set on the builder, given the gateway's fresh data directory. */
    public static TestGateway start(java.util.function.BiConsumer<Path, ServerConfigBuilder> settings)
            throws Exception {
        return start(Optional.empty(), MaintenanceSchedule.DEFAULT_GC_GRACE, settings);
    }

    /**
     * A gateway on a database of the test's own (an external server or cluster, not the shared embedded MariaDB),
     * with settings set on the builder as above.
     */
    public static TestGateway onDatabase(ServerConfig.DatabaseConfig database,
                                         java.util.function.BiConsumer<Path, ServerConfigBuilder> settings)
            throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "gateway-");
        ServerConfigBuilder builder = ServerConfig.builder().port(0).dataDir(dataDir).database(database)
                .firstKeys(new ServerConfig.KeyPair(ACCESS_KEY, SECRET_KEY)).admin(ServerConfig.AdminConfig.ephemeral());
        settings.accept(dataDir.toAbsolutePath(), builder);
        ServerConfig config = builder.build();
        return new TestGateway(CofferServer.start(config), dataDir.toAbsolutePath(), database.url(), config);
    }

    static TestGateway start(Optional<String> domain, Duration gcGrace,
                             java.util.function.BiConsumer<Path, ServerConfigBuilder> settings)
            throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "gateway-");
        ServerConfig.DatabaseConfig database = SharedMariaDb.newCatalog("coffer_it");
        String url = database.url();
        ServerConfigBuilder builder = ServerConfig.builder().port(0).dataDir(dataDir).database(database)
                .domain(domain).firstKeys(new ServerConfig.KeyPair(ACCESS_KEY, SECRET_KEY))
                .admin(ServerConfig.AdminConfig.ephemeral()).gcGrace(gcGrace);
        settings.accept(dataDir.toAbsolutePath(), builder);
        ServerConfig config = builder.build();
        return new TestGateway(CofferServer.start(config), dataDir.toAbsolutePath(), url, config);
    }

    /** Stops this gateway and starts a new one on the same data directory and database (new ports). */
    public TestGateway restart() throws Exception {
        server.close();
        return new TestGateway(CofferServer.start(config), dataDir, jdbcUrl, config);
    }

    @Override
    public CofferServer server() {
        return server;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * A second gateway on {@code first}'s catalog (its own data directory, ports and blobs), as a cluster's gateways
     * are. It shares {@code first}'s master keys: through {@code first}'s cluster key file when it has one (the keys
     * are in the catalog), else by a copy of its key directory; blobs stay per gateway.
     */
    public static TestGateway startBeside(TestGateway first, BiConsumer<Path, ServerConfigBuilder> settings)
            throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "gateway-");
        if (first.config.clusterKeyFile().isEmpty()) {
            copyKeys(first.config.keyDir(), dataDir.resolve("keys"));
        }
        ServerConfigBuilder builder = ServerConfig.builder().port(0).dataDir(dataDir)
                .database(first.config.database()).admin(ServerConfig.AdminConfig.ephemeral())
                .gcGrace(first.config.gcGrace()).clusterKeyFile(first.config.clusterKeyFile());
        settings.accept(dataDir.toAbsolutePath(), builder);
        ServerConfig config = builder.build();
        return new TestGateway(CofferServer.start(config), dataDir.toAbsolutePath(), first.jdbcUrl, config);
    }

    private static void copyKeys(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
