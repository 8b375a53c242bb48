package coffer.gateway.config;

import coffer.storage.GatewayIdentity;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.maintenance.MaintenanceSchedule;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.multipart.MultipartLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code coffer serve} is configured with, frozen; made by {@link #builder()}, which starts from the
 * defaults of {@link GatewaySettings} (where each value's rules live too; this record checks how values go together).
 *
 * @param bind           address the S3 port listens on
 * @param port           S3 port; 0 picks a free one (tests)
 * @param httpEnabled    whether plain HTTP is served on {@code port} (off: HTTPS alone)
 * @param tls            HTTPS on the S3 port
 * @param limits         what protects the S3 port from clients
 * @param accessLog      where the access log goes ({@link coffer.gateway.observe.AccessLogSink})
 * @param metrics        whether S3 requests are metered (false registers no {@code coffer_s3_*} meters, while
 *                       {@code /metrics} keeps answering)
 * @param dataDir        all local state: blobs, master key, embedded database, credentials
 * @param database       an external MariaDB; empty starts the embedded one under {@code dataDir/db}
 * @param dbBinaries     where the embedded MariaDB's programs are unpacked, one directory per version; empty for the
 *                       user's cache directory ({@code coffer.gateway.db.MariaDbBinaries})
 * @param domain         base domain for virtual-hosted-style requests ({@code bucket.domain}); may be empty
 * @param region         the region this endpoint serves
 * @param firstKeys      access key and secret for the first account, used only when the catalog has no account yet
 * @param admin          where the admin API listens and its token
 * @param gcGrace        how long a superseded or deleted blob stays readable before the collector frees it
 * @param minFreeBytes   free space the blob file system keeps (507 InsufficientStorage for a write that would not)
 * @param volumesEnabled whether new small objects go to volume files (volumes already there stay readable)
 * @param volumes        the volume engine's tuning
 * @param multipart      open multipart uploads per account and their expiry
 * @param maintenance    the engine's background work: garbage collection, reconciliation and scrub pacing
 * @param gatewayId      {@code --gateway-id}; empty for {@link #gatewayName()}'s default
 * @param blobS3         the S3 blob store (--blob-store s3); empty keeps blobs under {@code dataDir/blobs}
 * @param clusterKeyFile the cluster key file: master keys in the catalog, shared by every gateway on it; empty for
 *                       the single-node key directory {@link #keyDir()}
 * @param console        the web console (off unless asked for; {@code coffer serve} asks by default)
 * @param serverAccessLogFlush the longest wait before server access log records are delivered
 * @param serverAccessLogQuiet  how long without a new record before they are delivered anyway
 */
public record ServerConfig(String bind, int port, boolean httpEnabled, TlsConfig tls, Limits limits,
                           String accessLog, boolean metrics, Path dataDir, Optional<DatabaseConfig> database,
                           Optional<Path> dbBinaries, Optional<String> domain, String region,
                           Optional<KeyPair> firstKeys, AdminConfig admin, Duration gcGrace, long minFreeBytes,
                           boolean volumesEnabled, VolumeSettings volumes, MultipartLimits multipart,
                           MaintenanceSchedule maintenance, Optional<String> gatewayId,
                           Optional<S3BlobSettings> blobS3, Optional<Path> clusterKeyFile,
                           ConsoleConfig console, Duration serverAccessLogFlush,
                           Duration serverAccessLogQuiet) {

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(dbBinaries, "dbBinaries");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(firstKeys, "firstKeys");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(gcGrace, "gcGrace");
        Objects.requireNonNull(volumes, "volumes");
        Objects.requireNonNull(multipart, "multipart");
        Objects.requireNonNull(maintenance, "maintenance");
        blobS3 = blobS3 == null ? Optional.empty() : blobS3;
        Objects.requireNonNull(clusterKeyFile, "clusterKeyFile");
        console = console == null ? ConsoleConfig.OFF : console;
        serverAccessLogFlush = serverAccessLogFlush == null ? GatewaySettings.SERVER_ACCESS_LOG_FLUSH.defaultValue()
                : serverAccessLogFlush;
        serverAccessLogQuiet = serverAccessLogQuiet == null ? GatewaySettings.SERVER_ACCESS_LOG_QUIET.defaultValue()
                : serverAccessLogQuiet;
        domain = domain == null ? Optional.empty() : domain.filter(d -> !d.isBlank());
        gatewayId = gatewayId == null ? Optional.empty() : gatewayId.filter(g -> !g.isBlank());
        gatewayId.ifPresent(GatewaySettings.GATEWAY_ID::require);
        if (!httpEnabled && !tls.enabled()) {
            throw new IllegalArgumentException(GatewaySettings.HTTP_ENABLED.option()
                    + "=false needs HTTPS (--tls-cert or --tls-self-signed)");
        }
    }

    /** A builder holding every default: loopback, port 9000, {@code ./var}, the embedded database, and so on. */
    public static ServerConfigBuilder builder() {
        return new ServerConfigBuilder();
    }

    /**
     * The admin API: address, port (0 picks a free one) and the token given by the operator
     * ({@code COFFER_ADMIN_TOKEN}); without one, the token lives in {@code admin.token} in the data directory.
     * The token never appears in toString().
     */
    public record AdminConfig(String bind, int port, Optional<String> token) {
        public AdminConfig {
            Objects.requireNonNull(bind, "bind");
            token = token == null ? Optional.empty() : token.filter(t -> !t.isEmpty());
        }

        /** Loopback, a free port, the token file: for tests and embedding. */
        public static AdminConfig ephemeral() {
            return new AdminConfig("127.0.0.1", 0, Optional.empty());
        }

        /** The defaults of {@code --admin-bind} and {@code --admin-port}, the token file. */
        public static AdminConfig defaults() {
            return new AdminConfig(GatewaySettings.ADMIN_BIND.defaultValue(),
                    GatewaySettings.ADMIN_PORT.defaultValue(), Optional.empty());
        }

        @Override
        public String toString() {
            return "AdminConfig[bind=" + bind + ", port=" + port + ", token=" + (token.isPresent() ? "<given>" : "<file>")
                    + "]";
        }
    }

    /** A MariaDB reachable by JDBC URL (checked by {@link GatewaySettings#DB_URL}). Its password never appears in toString(). */
    public record DatabaseConfig(String url, String user, String password) {
        public DatabaseConfig {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            return "DatabaseConfig[url=" + url + ", user=" + user + "]";
        }
    }

    /**
     * An access key pair given by the operator (checked by {@link GatewaySettings#ACCESS_KEY} and
     * {@link GatewaySettings#SECRET_KEY}); the secret never appears in toString().
     */
    public record KeyPair(String accessKey, String secretKey) {
        public KeyPair {
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toString() {
            return "KeyPair[accessKey=" + accessKey + "]";
        }
    }

    /**
     * This gateway's name: {@code --gateway-id}, else the host name and the port of the S3 listener (plain HTTP's,
     * or HTTPS's when HTTP is off), the host name cut to fit {@link GatewayIdentity#MAX_NAME}. With port 0 (tests)
     * the port is not known yet, so the default is {@code host:0-xxxx} with 4 random hex digits drawn at each call
     * (CofferServer calls it once per start): two such gateways never share a name, and so never take the
     * background-work lease from each other as a restart of the same gateway would.
     */
    public String gatewayName() {
        if (gatewayId.isPresent()) {
            return gatewayId.get();
        }
        int listener = httpEnabled ? port() : tls.port();
        String port = ":" + listener + (listener == 0
                ? "-" + String.format("%04x", new java.security.SecureRandom().nextInt(0x10000)) : "");
        String host = LocalHost.name();
        return host.substring(0, Math.min(host.length(), GatewayIdentity.MAX_NAME - port.length())) + port;
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
