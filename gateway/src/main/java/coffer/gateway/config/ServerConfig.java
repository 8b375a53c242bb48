package coffer.gateway.config;

import coffer.storage.multipart.MultipartLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code coffer serve} is configured with, validated once and frozen.
 *
 * @param bind         address the S3 port listens on
 * @param port         S3 port; 0 picks a free one (tests)
 * @param dataDir      all local state: blobs, master key, embedded database, credentials
 * @param database     an external MariaDB; empty starts the embedded one under {@code dataDir/db}
 * @param domain       base domain for virtual-hosted-style requests ({@code bucket.domain}); may be empty
 * @param region       the region this endpoint serves
 * @param firstKeys    access key and secret for the first account, used only when the catalog has no account yet
 * @param admin        where the admin API listens and its token
 * @param gcGrace      how long a superseded or deleted blob stays readable before the collector frees it
 * @param operations   HTTPS, limits, access log (docs/configuration.md)
 * @param volumes      whether and how small objects are packed into volume files (docs/configuration.md)
 * @param dbBinaries   where the embedded MariaDB's programs are unpacked, one directory per version; empty for the
 *                     user's cache directory ({@code coffer.gateway.db.MariaDbBinaries})
 */
public record ServerConfig(String bind, int port, Path dataDir, Optional<DatabaseConfig> database,
                           Optional<String> domain, String region, Optional<KeyPair> firstKeys, AdminConfig admin,
                           Duration gcGrace, Operations operations, Volumes volumes, Optional<Path> dbBinaries) {
    /** Long enough for GETs already streaming a superseded blob to finish. */
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);

    /**
     * The admin API: address, port (0 picks a free one) and the token given by the operator
     * ({@code COFFER_ADMIN_TOKEN}); without one, the token lives in {@code admin.token} in the data directory.
     * The token never appears in toString().
     */
    public record AdminConfig(String bind, int port, Optional<String> token) {
        public static final int DEFAULT_PORT = 9001;

        public AdminConfig {
            Objects.requireNonNull(bind, "bind");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--admin-port must be between 0 and 65535");
            }
            token = token == null ? Optional.empty() : token.filter(t -> !t.isEmpty());
        }

        /** Loopback, a free port, the token file: for tests and embedding. */
        public static AdminConfig ephemeral() {
            return new AdminConfig("127.0.0.1", 0, Optional.empty());
        }

        @Override
        public String toString() {
            return "AdminConfig[bind=" + bind + ", port=" + port + ", token=" + (token.isPresent() ? "<given>" : "<file>")
                    + "]";
        }
    }

    /**
     * What an operator tunes beyond storage: whether plain HTTP is served (off for HTTPS alone), TLS, limits, and
     * where the access log goes ({@link coffer.gateway.observe.AccessLogSink}), and whether S3 requests are metered
     * ({@code metrics}; false registers no {@code coffer_s3_*} meters, while {@code /metrics} keeps answering),
     * and the self-healing settings ({@code integrity}: free space reserve, reconciliation, scrub), and the
     * multipart upload limits ({@code multipart}: open uploads per account, expiry).
     */
    public record Operations(boolean httpEnabled, TlsConfig tls, Limits limits, String accessLog, boolean metrics,
                             IntegrityConfig integrity, MultipartLimits multipart) {
        public static final Operations DEFAULTS = new Operations(true, TlsConfig.OFF, Limits.DEFAULTS, "logback");

        public Operations {
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(limits, "limits");
            accessLog = accessLog == null || accessLog.isBlank() ? "logback" : accessLog;
            integrity = integrity == null ? IntegrityConfig.DEFAULTS : integrity;
            multipart = multipart == null ? MultipartLimits.DEFAULTS : multipart;
            if (!httpEnabled && !tls.enabled()) {
                throw new IllegalArgumentException("--http-enabled=false needs HTTPS (--tls-cert or --tls-self-signed)");
            }
        }

        /** With the default multipart limits. */
        public Operations(boolean httpEnabled, TlsConfig tls, Limits limits, String accessLog, boolean metrics,
                          IntegrityConfig integrity) {
            this(httpEnabled, tls, limits, accessLog, metrics, integrity, MultipartLimits.DEFAULTS);
        }

        /** With the default integrity settings. */
        public Operations(boolean httpEnabled, TlsConfig tls, Limits limits, String accessLog, boolean metrics) {
            this(httpEnabled, tls, limits, accessLog, metrics, IntegrityConfig.DEFAULTS);
        }

        /** With S3 request metrics on (the default). */
        public Operations(boolean httpEnabled, TlsConfig tls, Limits limits, String accessLog) {
            this(httpEnabled, tls, limits, accessLog, true);
        }
    }

    /**
     * Small objects in volume files with group commit ({@code coffer.storage.blob.volume}): on or off, the largest
     * object size that goes to a volume, the size at which a volume is sealed, the number of active volumes, and
     * compaction: the dead share at which a read-only volume is rewritten and how often that is looked for (zero:
     * never).
     */
    public record Volumes(boolean enabled, int maxObjectBytes, long volumeBytes, int writers,
                          double compactDeadShare, Duration compactInterval) {
        public static final Volumes DEFAULTS = new Volumes(true, 128 * 1024, 1L << 30, 1);

        /** With the default compaction settings: a dead share of 50 %, looked for every minute. */
        public Volumes(boolean enabled, int maxObjectBytes, long volumeBytes, int writers) {
            this(enabled, maxObjectBytes, volumeBytes, writers, 0.5, Duration.ofMinutes(1));
        }

        public Volumes {
            if (maxObjectBytes < 0 || maxObjectBytes > 64 << 20) {
                throw new IllegalArgumentException("--volume-max-object-size must be 0 to 67108864 bytes");
            }
            if (volumeBytes < 1 << 20) {
                throw new IllegalArgumentException("--volume-size must be at least 1048576 bytes");
            }
            if (writers < 1 || writers > 64) {
                throw new IllegalArgumentException("--volume-writers must be 1 to 64");
            }
            if (!(compactDeadShare > 0 && compactDeadShare <= 1)) {
                throw new IllegalArgumentException("--volume-compact-dead-share must be above 0 and at most 1");
            }
            if (compactInterval == null || compactInterval.isNegative()) {
                throw new IllegalArgumentException("--volume-compact-interval must not be negative");
            }
        }
    }

    /** With the embedded MariaDB's programs in the default cache. */
    public ServerConfig(String bind, int port, Path dataDir, Optional<DatabaseConfig> database,
                        Optional<String> domain, String region, Optional<KeyPair> firstKeys, AdminConfig admin,
                        Duration gcGrace, Operations operations, Volumes volumes) {
        this(bind, port, dataDir, database, domain, region, firstKeys, admin, gcGrace, operations, volumes,
                Optional.empty());
    }

    /** With the default volume settings. */
    public ServerConfig(String bind, int port, Path dataDir, Optional<DatabaseConfig> database,
                        Optional<String> domain, String region, Optional<KeyPair> firstKeys, AdminConfig admin,
                        Duration gcGrace, Operations operations) {
        this(bind, port, dataDir, database, domain, region, firstKeys, admin, gcGrace, operations, Volumes.DEFAULTS);
    }

    /** With the default operations settings (plain HTTP, default limits). */
    public ServerConfig(String bind, int port, Path dataDir, Optional<DatabaseConfig> database,
                        Optional<String> domain, String region, Optional<KeyPair> firstKeys, AdminConfig admin,
                        Duration gcGrace) {
        this(bind, port, dataDir, database, domain, region, firstKeys, admin, gcGrace, Operations.DEFAULTS);
    }

    /** Without an admin configuration: the admin API on a free loopback port (tests, embedding). */
    public ServerConfig(String bind, int port, Path dataDir, Optional<DatabaseConfig> database,
                        Optional<String> domain, String region, Optional<KeyPair> firstKeys) {
        this(bind, port, dataDir, database, domain, region, firstKeys, AdminConfig.ephemeral(), DEFAULT_GC_GRACE);
    }

    /** With the default GC grace. */
    public ServerConfig(String bind, int port, Path dataDir, Optional<DatabaseConfig> database,
                        Optional<String> domain, String region, Optional<KeyPair> firstKeys, AdminConfig admin) {
        this(bind, port, dataDir, database, domain, region, firstKeys, admin, DEFAULT_GC_GRACE);
    }

    /** A MariaDB reachable by JDBC URL. The password never appears in toString(). */
    public record DatabaseConfig(String url, String user, String password) {
        public DatabaseConfig {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
                throw new IllegalArgumentException("--db-url must be a jdbc:mariadb: URL");
            }
        }

        @Override
        public String toString() {
            return "DatabaseConfig[url=" + url + ", user=" + user + "]";
        }
    }

    /** An access key pair given by the operator; the secret never appears in toString(). */
    public record KeyPair(String accessKey, String secretKey) {
        public KeyPair {
            if (accessKey == null || !accessKey.matches("[A-Za-z0-9]{3,128}")) {
                throw new IllegalArgumentException("COFFER_ACCESS_KEY must be 3 to 128 letters and digits");
            }
            if (secretKey == null || secretKey.length() < 8 || secretKey.length() > 128) {
                throw new IllegalArgumentException("COFFER_SECRET_KEY must be 8 to 128 characters");
            }
        }

        @Override
        public String toString() {
            return "KeyPair[accessKey=" + accessKey + "]";
        }
    }

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(region, "region");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535");
        }
        if (!region.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("--region must look like us-east-1");
        }
        database = database == null ? Optional.empty() : database;
        domain = domain == null ? Optional.empty() : domain.filter(d -> !d.isBlank());
        firstKeys = firstKeys == null ? Optional.empty() : firstKeys;
        admin = admin == null ? AdminConfig.ephemeral() : admin;
        gcGrace = gcGrace == null ? DEFAULT_GC_GRACE : gcGrace;
        operations = operations == null ? Operations.DEFAULTS : operations;
        volumes = volumes == null ? Volumes.DEFAULTS : volumes;
        dbBinaries = dbBinaries == null ? Optional.empty() : dbBinaries;
        if (gcGrace.isNegative()) {
            throw new IllegalArgumentException("the GC grace must not be negative");
        }
    }

    public Path blobDir() {
        return dataDir.resolve("blobs");
    }

    public Path keyDir() {
        return dataDir.resolve("keys");
    }

    public Path databaseDir() {
        return dataDir.resolve("db");
    }

    public Path credentialsFile() {
        return dataDir.resolve("credentials");
    }

    public Path adminTokenFile() {
        return dataDir.resolve("admin.token");
    }

    /** Where a self-signed certificate and its key are kept. */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }
}
