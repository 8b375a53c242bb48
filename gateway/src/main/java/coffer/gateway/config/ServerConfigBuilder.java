package coffer.gateway.config;

import coffer.gateway.config.ServerConfig.AdminConfig;
import coffer.gateway.config.ServerConfig.DatabaseConfig;
import coffer.gateway.config.ServerConfig.KeyPair;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.maintenance.MaintenanceSchedule;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.multipart.MultipartLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes a {@link ServerConfig}, starting from every default: those of {@link GatewaySettings} for the gateway's
 * own settings, the engine records' for the engine's. Not thread-safe.
 */
public final class ServerConfigBuilder {
    private String bind = GatewaySettings.BIND.defaultValue();
    private int port = GatewaySettings.PORT.defaultValue();
    private boolean httpEnabled = GatewaySettings.HTTP_ENABLED.defaultValue();
    private TlsConfig tls = TlsConfig.OFF;
    private Limits limits = Limits.DEFAULTS;
    private String accessLog = GatewaySettings.ACCESS_LOG.defaultValue();
    private boolean metrics = GatewaySettings.METRICS.defaultValue();
    private Path dataDir = GatewaySettings.DATA_DIR.defaultValue();
    private Optional<DatabaseConfig> database = Optional.empty();
    private Optional<Path> dbBinaries = Optional.empty();
    private Optional<String> domain = Optional.empty();
    private String region = GatewaySettings.REGION.defaultValue();
    private Optional<KeyPair> firstKeys = Optional.empty();
    private AdminConfig admin = AdminConfig.defaults();
    private Duration gcGrace = GatewaySettings.GC_GRACE.defaultValue();
    private long minFreeBytes = GatewaySettings.MIN_FREE_SPACE.defaultValue();
    private boolean volumesEnabled = GatewaySettings.VOLUMES.defaultValue();
    private VolumeSettings volumes = VolumeSettings.DEFAULTS;
    private MultipartLimits multipart = MultipartLimits.DEFAULTS;
    private MaintenanceSchedule maintenance = MaintenanceSchedule.DEFAULTS;
    private Optional<String> gatewayId = Optional.empty();
    private Optional<S3BlobSettings> blobS3 = Optional.empty();
    private Optional<Path> clusterKeyFile = Optional.empty();
    private ConsoleConfig console = ConsoleConfig.OFF;
    private java.time.Duration serverAccessLogFlush = GatewaySettings.SERVER_ACCESS_LOG_FLUSH.defaultValue();
    private java.time.Duration serverAccessLogQuiet = GatewaySettings.SERVER_ACCESS_LOG_QUIET.defaultValue();

    ServerConfigBuilder() {
    }

    public ServerConfig build() {
        return new ServerConfig(bind, port, httpEnabled, tls, limits, accessLog, metrics, dataDir, database,
                dbBinaries, domain, region, firstKeys, admin, gcGrace, minFreeBytes, volumesEnabled, volumes,
                multipart, maintenance, gatewayId, blobS3, clusterKeyFile, console,
                serverAccessLogFlush, serverAccessLogQuiet);
    }

    public ServerConfigBuilder bind(String address) {
        this.bind = address;
        return this;
    }

    public ServerConfigBuilder port(int s3Port) {
        this.port = s3Port;
        return this;
    }

    public ServerConfigBuilder httpEnabled(boolean enabled) {
        this.httpEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder tls(TlsConfig https) {
        this.tls = https;
        return this;
    }

    public ServerConfigBuilder limits(Limits clientLimits) {
        this.limits = clientLimits;
        return this;
    }

    public ServerConfigBuilder accessLog(String where) {
        this.accessLog = where;
        return this;
    }

    public ServerConfigBuilder metrics(boolean on) {
        this.metrics = on;
        return this;
    }

    public ServerConfigBuilder dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** An external MariaDB; empty for the embedded one. */
    public ServerConfigBuilder database(Optional<DatabaseConfig> external) {
        this.database = external;
        return this;
    }

    public ServerConfigBuilder database(DatabaseConfig external) {
        return database(Optional.of(external));
    }

    public ServerConfigBuilder dbBinaries(Optional<Path> dir) {
        this.dbBinaries = dir;
        return this;
    }

    public ServerConfigBuilder domain(Optional<String> baseDomain) {
        this.domain = baseDomain;
        return this;
    }

    public ServerConfigBuilder region(String name) {
        this.region = name;
        return this;
    }

    public ServerConfigBuilder firstKeys(Optional<KeyPair> keys) {
        this.firstKeys = keys;
        return this;
    }

    public ServerConfigBuilder firstKeys(KeyPair keys) {
        return firstKeys(Optional.of(keys));
    }

    public ServerConfigBuilder admin(AdminConfig adminApi) {
        this.admin = adminApi;
        return this;
    }

    public ServerConfigBuilder gcGrace(Duration grace) {
        this.gcGrace = grace;
        return this;
    }

    public ServerConfigBuilder minFreeBytes(long bytes) {
        this.minFreeBytes = bytes;
        return this;
    }

    public ServerConfigBuilder volumesEnabled(boolean enabled) {
        this.volumesEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder volumes(VolumeSettings settings) {
        this.volumes = settings;
        return this;
    }

    public ServerConfigBuilder multipart(MultipartLimits multipartLimits) {
        this.multipart = multipartLimits;
        return this;
    }

    /** Blobs in this S3 store instead of {@code dataDir/blobs}; empty for local disks. */
    public ServerConfigBuilder blobS3(Optional<S3BlobSettings> store) {
        this.blobS3 = store;
        return this;
    }

    public ServerConfigBuilder maintenance(MaintenanceSchedule schedule) {
        this.maintenance = schedule;
        return this;
    }

    /** {@code --gateway-id}; empty for host:port of the S3 listener. */
    public ServerConfigBuilder gatewayId(Optional<String> id) {
        this.gatewayId = id;
        return this;
    }

    public ServerConfigBuilder gatewayId(String id) {
        return gatewayId(Optional.of(id));
    }

    /** The cluster key file (master keys in the catalog); empty for the single-node key directory. */
    public ServerConfigBuilder clusterKeyFile(Optional<Path> file) {
        this.clusterKeyFile = file;
        return this;
    }

    /** The longest wait before server access log records are delivered (--server-access-log-flush). */
    public ServerConfigBuilder serverAccessLogFlush(java.time.Duration flush) {
        this.serverAccessLogFlush = flush;
        return this;
    }

    /** How long without a new record before server access log records are delivered (--server-access-log-quiet). */
    public ServerConfigBuilder serverAccessLogQuiet(java.time.Duration quiet) {
        this.serverAccessLogQuiet = quiet;
        return this;
    }

    /** The web console; {@link ConsoleConfig#OFF} (the builder's default) serves none. */
    public ServerConfigBuilder console(ConsoleConfig webConsole) {
        this.console = webConsole;
        return this;
    }
}
