package coffer.it.support;

import coffer.gateway.CofferServer;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.db.EmbeddedMariaDb;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real gateway for one test class: its own data directory and its own database on the one embedded MariaDB
 * that the whole test JVM shares (a MariaDB start costs seconds, so it happens once).
 */
public final class TestGateway implements AutoCloseable {
    public static final String ACCESS_KEY = "COFFERTESTACCESSKEY1";
    public static final String SECRET_KEY = "test-secret-key-0123456789abcdefghijklmn";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String ADMIN_USER = "coffer_it_admin";
    private static EmbeddedMariaDb sharedDb;
    private static String adminPassword;

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
        return start(domain, ServerConfig.DEFAULT_GC_GRACE);
    }

    /** With the given GC grace (zero: a deleted object's blob may be collected at once). */
    public static TestGateway start(Optional<String> domain, Duration gcGrace) throws Exception {
        return start(domain, gcGrace, dataDir -> ServerConfig.Operations.DEFAULTS);
    }

    /** With operations settings (HTTPS, limits, access log) made from the gateway's fresh data directory. */
    public static TestGateway start(java.util.function.Function<Path, ServerConfig.Operations> operations)
            throws Exception {
        return start(Optional.empty(), ServerConfig.DEFAULT_GC_GRACE, operations);
    }

    private static TestGateway start(Optional<String> domain, Duration gcGrace,
                                     java.util.function.Function<Path, ServerConfig.Operations> operations)
            throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "gateway-");
        ServerConfig.DatabaseConfig database = sharedDatabase().database(
                "coffer_it_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
        String url = database.url();
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, Optional.of(database), domain, "us-east-1",
                Optional.of(new ServerConfig.KeyPair(ACCESS_KEY, SECRET_KEY)), ServerConfig.AdminConfig.ephemeral(),
                gcGrace, operations.apply(dataDir.toAbsolutePath()));
        return new TestGateway(CofferServer.start(config), dataDir.toAbsolutePath(), url, config);
    }

    /**
     * The MariaDB shared by every gateway of this JVM, started on first use and stopped at JVM exit. Gateways use
     * its catalog account (no FILE, no SUPER), given every privilege on their own database; tests that watch or
     * steer the server itself use {@link #adminConnection}.
     */
    public static synchronized EmbeddedMariaDb sharedDatabase() throws Exception {
        if (sharedDb == null) {
            Path dir = Path.of("target", "mariadb").toAbsolutePath();
            EmbeddedMariaDb db = EmbeddedMariaDb.start(dir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            db.administer("CREATE OR REPLACE USER '" + ADMIN_USER + "'@'127.0.0.1' IDENTIFIED BY '" + password
                    + "';\nGRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'127.0.0.1';");
            sharedDb = db;
            adminPassword = password;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (Exception e) {
                    // the JVM is exiting; nothing more to do
                }
            }));
        }
        return sharedDb;
    }

    /**
     * A connection to {@code jdbcUrl} on the shared database as a test-only superuser (this JVM's random password),
     * for tests that read a gateway's tables or the server's general log.
     */
    public static Connection adminConnection(String jdbcUrl) throws SQLException {
        String password;
        synchronized (TestGateway.class) {
            password = adminPassword;
        }
        if (password == null) {
            throw new IllegalStateException("the shared database is not started");
        }
        return DriverManager.getConnection(jdbcUrl, ADMIN_USER, password);
    }

    /** Stops this gateway and starts a new one on the same data directory and database (new ports). */
    public TestGateway restart() throws Exception {
        server.close();
        return new TestGateway(CofferServer.start(config), dataDir, jdbcUrl, config);
    }

    public CofferServer server() {
        return server;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The gateway's catalog database, for tests that watch it directly ({@link #adminConnection}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The admin API's base URL. */
    public URI adminEndpoint() {
        return URI.create("http://127.0.0.1:" + server.adminPort());
    }

    /** The file the first start wrote the admin token to. */
    public Path adminTokenFile() {
        return dataDir.resolve("admin.token");
    }

    /** The AWS SDK v2 with its default settings (CRC32 trailers over aws-chunked), path-style. */
    public S3Client client() {
        return client(ACCESS_KEY, SECRET_KEY, false, RequestChecksumCalculation.WHEN_SUPPORTED);
    }

    /** The AWS SDK v2 computing checksums only when an operation requires them. */
    public S3Client clientWhenRequired() {
        return client(ACCESS_KEY, SECRET_KEY, false, RequestChecksumCalculation.WHEN_REQUIRED);
    }

    public S3Client client(String accessKey, String secretKey, boolean virtualHosted,
                           RequestChecksumCalculation checksums) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(!virtualHosted).build())
                .requestChecksumCalculation(checksums)
                .responseChecksumValidation(checksums == RequestChecksumCalculation.WHEN_SUPPORTED
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
