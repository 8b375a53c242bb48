package coffer.gateway.config;

import static coffer.gateway.config.SettingType.BOOL;
import static coffer.gateway.config.SettingType.DECIMAL;
import static coffer.gateway.config.SettingType.DURATION;
import static coffer.gateway.config.SettingType.INT;
import static coffer.gateway.config.SettingType.LONG;
import static coffer.gateway.config.SettingType.NAMES;
import static coffer.gateway.config.SettingType.PATH;
import static coffer.gateway.config.SettingType.SIZE;
import static coffer.gateway.config.SettingType.SWITCH;
import static coffer.gateway.config.SettingType.TEXT;

import coffer.storage.EngineSettings;
import coffer.storage.GatewayIdentity;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.maintenance.BackgroundLease;
import coffer.storage.maintenance.MaintenanceSchedule;
import coffer.storage.multipart.MultipartLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every setting of {@code coffer serve}, each declared once (in the spirit of Kafka's {@code LogConfig}): picocli's
 * options are built from this table ({@link ServeOptions}), the environment and the {@code --config} file are read
 * by it ({@link SettingSources}), {@code ServerConfig.builder()} starts from its defaults, and docs/configuration.md
 * lists it (a test checks). The storage engine's defaults are not repeated here: they are the engine records'
 * constants ({@link VolumeSettings}, {@link MultipartLimits}, {@link MaintenanceSchedule}, {@link FreeSpaceReserve}).
 */
public final class GatewaySettings {
    private static final Predicate<Integer> PORT_RANGE = p -> p >= 0 && p <= 65535;
    private static final String PORT_RULE = "{} must be between 0 and 65535";

    public static final Setting<Path> CONFIG = Setting.flag("config", PATH, null,
            "Properties file with settings (also COFFER_CONFIG); see docs/configuration.md").shown("none")
            .label("FILE");
    public static final Setting<String> BIND = Setting.flag("bind", TEXT, "127.0.0.1",
            "Listen address of the S3 port(s)").label("ADDRESS");
    public static final Setting<Integer> PORT = Setting.flag("port", INT, 9000, "S3 port, plain HTTP")
            .rule(PORT_RANGE, PORT_RULE);
    public static final Setting<Boolean> HTTP_ENABLED = Setting.flag("http-enabled", BOOL, true,
            "Serve plain HTTP on --port; false for HTTPS alone");
    public static final Setting<Path> DATA_DIR = Setting.flag("data-dir", PATH, Path.of("./var"),
            "Directory for all local state").label("DIR");
    public static final Setting<String> DB_URL = Setting.flag("db-url", TEXT, null,
            "JDBC URL of an external MariaDB").shown("an embedded MariaDB").label("URL")
            .rule(u -> u.isBlank() || u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:"),
                    "{} must be a jdbc:mariadb: URL");
    public static final Setting<String> DB_USER = Setting.flag("db-user", TEXT, "coffer", "External database user")
            .label("USER");
    public static final Setting<String> DB_PASSWORD = Setting.flag("db-password", TEXT, "",
            "External database password").secret("empty").label("PASSWORD");
    public static final Setting<Path> DB_BINARIES_DIR = Setting.flag("db-binaries-dir", PATH, null,
            "Where the embedded MariaDB's programs are unpacked, once per version and shared by every data "
                    + "directory").shown("$XDG_CACHE_HOME/coffer or ~/.cache/coffer").label("DIR");
    public static final Setting<String> DOMAIN = Setting.flag("domain", TEXT, null,
            "Base domain for virtual-hosted-style requests, bucket.DOMAIN").shown("none, path-style only");
    public static final Setting<String> REGION = Setting.flag("region", TEXT, "us-east-1", "Region served")
            .rule(r -> r.matches("[a-z0-9-]{1,32}"), "{} must look like us-east-1");
    public static final Setting<Integer> TLS_PORT = Setting.flag("tls-port", INT, 9443,
            "HTTPS port, used with --tls-cert or --tls-self-signed").rule(PORT_RANGE, PORT_RULE);
    public static final Setting<Path> TLS_CERT = Setting.flag("tls-cert", PATH, null,
            "PEM certificate chain for HTTPS").shown("none").label("FILE");
    public static final Setting<Path> TLS_KEY = Setting.flag("tls-key", PATH, null, "PEM private key for HTTPS")
            .shown("none").label("FILE");
    public static final Setting<Boolean> TLS_SELF_SIGNED = Setting.flag("tls-self-signed", SWITCH, false,
            "Create (once) and use a self-signed certificate under DATA-DIR/tls");
    public static final Setting<List<String>> TLS_NAMES = Setting.flag("tls-names", NAMES,
            List.of("localhost", "127.0.0.1"), "Names and addresses the self-signed certificate is for")
            .rule(names -> names.stream().allMatch(n -> n.strip().matches("[A-Za-z0-9.:*-]{1,253}")),
                    "{}: each must be a host name or address");
    public static final Setting<Integer> ADMIN_PORT = Setting.flag("admin-port", INT, 9001,
            "Admin API port, also /metrics and /health").rule(PORT_RANGE, PORT_RULE);
    public static final Setting<String> ADMIN_BIND = Setting.flag("admin-bind", TEXT, "127.0.0.1",
            "Admin API listen address; the token is its only protection").label("ADDRESS");
    public static final Setting<String> ADMIN_TOKEN = Setting.environment("COFFER_ADMIN_TOKEN", TEXT,
            "The admin API's bearer token; without it, one is made and kept in DATA-DIR/admin.token")
            .secret("DATA-DIR/admin.token");
    public static final Setting<String> ACCESS_KEY = Setting.environment("COFFER_ACCESS_KEY", TEXT,
            "Access key id of the first account, read on the first start only (with COFFER_SECRET_KEY)")
            .rule(k -> k.matches("[A-Za-z0-9]{3,128}"), "{} must be 3 to 128 letters and digits");
    public static final Setting<String> SECRET_KEY = Setting.environment("COFFER_SECRET_KEY", TEXT,
            "Secret key of the first account, read on the first start only (with COFFER_ACCESS_KEY)")
            .secret("a random one, saved in DATA-DIR/credentials")
            .rule(s -> s.length() >= 8 && s.length() <= 128, "{} must be 8 to 128 characters");
    public static final Setting<String> ACCESS_LOG = Setting.flag("access-log", TEXT, "logback",
            "Where the JSON access log goes: 'logback' (stdout with the shipped logging), 'off', or a file")
            .label("logback|off|FILE");
    public static final Setting<Boolean> METRICS = Setting.flag("metrics", BOOL, true,
            "Meter S3 requests (coffer_s3_* at /metrics); false records nothing per request");
    public static final Setting<Integer> MAX_HEADER_BYTES = Setting.flag("max-header-bytes", INT, 16 * 1024,
            "Largest request line plus headers")
            .rule(n -> n >= 1024 && n <= 1024 * 1024, "{} must be between 1024 and 1048576");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.flag("idle-timeout", DURATION,
            Duration.ofSeconds(120), "Close a connection idle this long").rule(GatewaySettings::positive,
            "{} must be a positive duration");
    public static final Setting<Integer> MAX_CONCURRENT_REQUESTS = Setting.flag("max-concurrent-requests", INT, 256,
            "S3 requests served at once").rule(n -> n >= 1, "{} must be at least 1");
    public static final Setting<Integer> MAX_QUEUED_REQUESTS = Setting.flag("max-queued-requests", INT, 64,
            "Requests waiting for a slot; more get 503 SlowDown").rule(n -> n >= 0, "{} must not be negative");
    public static final Setting<Duration> QUEUE_TIMEOUT = Setting.flag("queue-timeout", DURATION,
            Duration.ofSeconds(5), "Longest wait for a slot before 503 SlowDown").rule(GatewaySettings::positive,
            "{} must be a positive duration");
    public static final Setting<Long> MIN_REQUEST_DATA_RATE = Setting.flag("min-request-data-rate", LONG, 1024L,
            "Request bodies slower than this many bytes/s get 400 RequestTimeout; 0: off")
            .rule(n -> n >= 0, "{} must not be negative");
    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.flag("drain-timeout", DURATION,
            Duration.ofSeconds(30), "On stop, how long requests in flight may finish")
            .rule(d -> !d.isNegative(), "{} must not be negative");
    public static final Setting<Duration> GC_GRACE = Setting.flag("gc-grace", DURATION,
            MaintenanceSchedule.DEFAULT_GC_GRACE, "How long a replaced or deleted object's data stays readable")
            .rule(d -> !d.isNegative(), "{} must not be negative");
    public static final Setting<Long> MIN_FREE_SPACE = Setting.flag("min-free-space", SIZE,
            EngineSettings.DEFAULT_MIN_FREE_BYTES,
            "Free space the blob disk keeps; writes that would use it get 507 InsufficientStorage")
            .rule(n -> n >= 0, "{} must not be negative");
    public static final Setting<Duration> RECONCILE_INTERVAL = Setting.flag("reconcile-interval", DURATION,
            MaintenanceSchedule.DEFAULT_RECONCILE_INTERVAL,
            "Time between reconciliation passes, one always runs at start; 0 for only at start")
            .rule(d -> !d.isNegative(), "{} must not be negative");
    public static final Setting<Long> RECONCILE_RATE = Setting.flag("reconcile-rate", LONG,
            MaintenanceSchedule.DEFAULT_RECONCILE_RATE,
            "Blobs and catalog rows reconciliation looks at per second, 0 for no limit")
            .rule(n -> n >= 0, "{} must not be negative");
    public static final Setting<Long> SCRUB_RATE = Setting.flag("scrub-rate", SIZE,
            MaintenanceSchedule.DEFAULT_SCRUB_RATE, "Bytes per second the scrub decrypts, 0 for no limit")
            .rule(n -> n >= 0, "{} must not be negative");
    public static final Setting<Boolean> VOLUMES = Setting.flag("volumes", BOOL, true,
            "Pack small objects into volume files with group commit");
    public static final Setting<Integer> VOLUME_MAX_OBJECT_SIZE = Setting.flag("volume-max-object-size", INT,
            VolumeSettings.DEFAULT_MAX_OBJECT_BYTES, "Largest object, in bytes, stored in a volume")
            .rule(n -> n >= 0 && n <= VolumeSettings.MAX_MAX_OBJECT_BYTES,
                    "{} must be 0 to " + VolumeSettings.MAX_MAX_OBJECT_BYTES + " bytes");
    public static final Setting<Long> VOLUME_SIZE = Setting.flag("volume-size", LONG,
            VolumeSettings.DEFAULT_VOLUME_BYTES, "Bytes after which a volume is sealed and a new one started")
            .rule(n -> n >= 1 << 20, "{} must be at least 1048576 bytes");
    public static final Setting<Integer> VOLUME_WRITERS = Setting.flag("volume-writers", INT,
            VolumeSettings.DEFAULT_WRITERS, "Active volumes, each with its own group-commit thread")
            .rule(n -> n >= 1 && n <= VolumeSettings.MAX_WRITERS, "{} must be 1 to " + VolumeSettings.MAX_WRITERS);
    public static final Setting<Double> VOLUME_COMPACT_DEAD_SHARE = Setting.flag("volume-compact-dead-share",
            DECIMAL, VolumeSettings.DEFAULT_COMPACT_DEAD_SHARE,
            "Dead share (above 0, at most 1) at which a read-only volume is compacted").label("SHARE")
            .rule(s -> s > 0 && s <= 1, "{} must be above 0 and at most 1");
    public static final Setting<Duration> VOLUME_COMPACT_INTERVAL = Setting.flag("volume-compact-interval",
            DURATION, VolumeSettings.DEFAULT_COMPACT_INTERVAL,
            "How often the compactor looks for volumes to compact, 0 for never")
            .rule(d -> !d.isNegative(), "{} must not be negative");
    public static final Setting<Integer> MAX_OPEN_UPLOADS = Setting.flag("max-open-uploads", INT,
            MultipartLimits.DEFAULTS.maxOpenUploads(), "Multipart uploads in progress one account may have")
            .rule(n -> n >= 1, "{} must be at least 1");
    public static final Setting<Duration> MULTIPART_EXPIRY = Setting.flag("multipart-expiry", DURATION,
            MultipartLimits.DEFAULTS.expiry(), "A multipart upload with no part stored for this long is aborted")
            .rule(GatewaySettings::positive, "{} must be positive");
    public static final Setting<String> GATEWAY_ID = Setting.flag("gateway-id", TEXT, null,
            "This gateway's name in logs, metrics, request ids and the catalog; unique per gateway")
            .shown("HOST:PORT of the S3 listener").label("ID")
            .rule(GatewayIdentity::isValidName, "{} must be 1 to " + GatewayIdentity.MAX_NAME
                    + " printable ASCII characters without spaces");
    public static final Setting<String> BLOB_STORE = Setting.flag("blob-store", TEXT, "local",
            "Where object data goes: 'local' (DATA-DIR/blobs) or 's3' (an S3-compatible store, --blob-s3-*)")
            .label("local|s3").rule(v -> v.equals("local") || v.equals("s3"), "{} must be local or s3");
    public static final Setting<String> BLOB_S3_ENDPOINT = Setting.flag("blob-s3-endpoint", TEXT, null,
            "URL of the S3-compatible store holding the blobs (with --blob-store s3)").shown("none").label("URL")
            .rule(u -> u.startsWith("http://") || u.startsWith("https://"), "{} must be an http(s):// URL");
    public static final Setting<String> BLOB_S3_BUCKET = Setting.flag("blob-s3-bucket", TEXT, null,
            "Bucket of the blob store (must exist)").shown("none").label("NAME");
    public static final Setting<String> BLOB_S3_PREFIX = Setting.flag("blob-s3-prefix", TEXT, "",
            "Prefix of every object key in the blob store's bucket").shown("none").label("PREFIX");
    public static final Setting<String> BLOB_S3_REGION = Setting.flag("blob-s3-region", TEXT, "us-east-1",
            "Region the blob store's requests are signed for").label("REGION");
    public static final Setting<String> BLOB_S3_ACCESS_KEY = Setting.flag("blob-s3-access-key", TEXT, null,
            "Access key id for the blob store (use COFFER_BLOB_S3_ACCESS_KEY)").secret("none").label("KEY");
    public static final Setting<String> BLOB_S3_SECRET_KEY = Setting.flag("blob-s3-secret-key", TEXT, null,
            "Secret key for the blob store (use COFFER_BLOB_S3_SECRET_KEY)").secret("none").label("SECRET");
    public static final Setting<Path> CLUSTER_KEY_FILE = Setting.flag("cluster-key-file", PATH, null,
            "Keep the master keys in the catalog, wrapped under the key in FILE (0600), shared by every gateway on "
                    + "the catalog; created when missing on a new catalog").shown("none, DATA-DIR/keys")
            .label("FILE");
    public static final Setting<Duration> BACKGROUND_LEASE = Setting.flag("background-lease", DURATION,
            BackgroundLease.DEFAULT_DURATION,
            "How long the background-work lease lasts unless renewed; another gateway takes over after it")
            .rule(d -> d.compareTo(Duration.ofSeconds(1)) >= 0, "{} must be at least 1s");
    public static final Setting<Boolean> CONSOLE_ENABLED = Setting.flag("console-enabled", BOOL, true,
            "Serve the web console on --console-port (docs/console.md)");
    public static final Setting<Integer> CONSOLE_PORT = Setting.flag("console-port", INT, 9002,
            "Web console port, bound to --bind (0: any free port)").rule(PORT_RANGE, PORT_RULE);
    public static final Setting<String> CONSOLE_SIGNUP = Setting.flag("console-signup", TEXT, "open",
            "Who may sign up in the console: 'open' (anyone), 'invite' (with an invitation link), 'off'")
            .label("open|invite|off").rule(v -> v.equals("open") || v.equals("invite") || v.equals("off"),
                    "{} must be open, invite or off");
    public static final Setting<Long> LIFECYCLE_DAY_SECONDS = Setting.flag("lifecycle-day-seconds", LONG,
            MaintenanceSchedule.DEFAULT_LIFECYCLE_DAY.toSeconds(),
            "Length of a lifecycle day in seconds (tests shorten it); lifecycle rounds run every 24th of it")
            .label("N").rule(n -> n >= 1, "{} must be at least 1");
    public static final Setting<String> PUBLIC_URL = Setting.flag("public-url", TEXT, "",
            "The S3 address people's clients use, shown on the console's devices page (e.g. https://s3.example.org)")
            .shown("the S3 port's address").label("URL").rule(v -> v.isEmpty() || v.matches("https?://[^\\s/?#]+/?"),
                    "{} must be http(s)://HOST[:PORT]");
    public static final Setting<String> CONSOLE_URL = Setting.flag("console-url", TEXT, "",
            "The console's address in invitation and claim links (e.g. https://coffer.example.org)")
            .shown("the console port on the public address's host").label("URL")
            .rule(v -> v.isEmpty() || v.matches("https?://[^\\s/?#]+/?"), "{} must be http(s)://HOST[:PORT]");

    public static final Setting<Duration> SERVER_ACCESS_LOG_FLUSH = Setting.flag("server-access-log-flush", DURATION,
            Duration.ofSeconds(60), "Longest wait before server access log records (PutBucketLogging) are"
                    + " delivered to their target bucket (docs/access-logging.md)")
            .rule(d -> d.compareTo(Duration.ofSeconds(1)) >= 0, "{} must be at least 1s");
    public static final Setting<Duration> SERVER_ACCESS_LOG_QUIET = Setting.flag("server-access-log-quiet", DURATION,
            Duration.ofSeconds(60), "Server access log records are also delivered once their bucket has had no"
                    + " request for this long (docs/access-logging.md)")
            .rule(d -> d.compareTo(Duration.ofSeconds(1)) >= 0, "{} must be at least 1s");

    /** The table, in {@code --help} order. */
    public static final List<Setting<?>> ALL = List.of(CONFIG, BIND, PORT, HTTP_ENABLED, DATA_DIR, DB_URL, DB_USER,
            DB_PASSWORD, DB_BINARIES_DIR, DOMAIN, REGION, TLS_PORT, TLS_CERT, TLS_KEY, TLS_SELF_SIGNED, TLS_NAMES,
            ADMIN_PORT, ADMIN_BIND, ADMIN_TOKEN, ACCESS_KEY, SECRET_KEY, ACCESS_LOG, METRICS, MAX_HEADER_BYTES,
            IDLE_TIMEOUT, MAX_CONCURRENT_REQUESTS, MAX_QUEUED_REQUESTS, QUEUE_TIMEOUT, MIN_REQUEST_DATA_RATE,
            DRAIN_TIMEOUT, GC_GRACE, MIN_FREE_SPACE, RECONCILE_INTERVAL, RECONCILE_RATE, SCRUB_RATE, VOLUMES,
            VOLUME_MAX_OBJECT_SIZE, VOLUME_SIZE, VOLUME_WRITERS, VOLUME_COMPACT_DEAD_SHARE, VOLUME_COMPACT_INTERVAL,
            MAX_OPEN_UPLOADS, MULTIPART_EXPIRY, GATEWAY_ID, BLOB_STORE, BLOB_S3_ENDPOINT, BLOB_S3_BUCKET,
            BLOB_S3_PREFIX, BLOB_S3_REGION, BLOB_S3_ACCESS_KEY, BLOB_S3_SECRET_KEY,
            CLUSTER_KEY_FILE, BACKGROUND_LEASE, CONSOLE_ENABLED, CONSOLE_PORT, CONSOLE_SIGNUP,
            LIFECYCLE_DAY_SECONDS, SERVER_ACCESS_LOG_FLUSH, SERVER_ACCESS_LOG_QUIET, PUBLIC_URL,
            CONSOLE_URL);

    private GatewaySettings() {
    }

    /** The flag setting named {@code --name} (or {@code name}), if any. */
    public static Optional<Setting<?>> flag(String name) {
        String bare = name.replaceFirst("^-+", "");
        return ALL.stream().filter(s -> s.flag() && s.name().equals(bare)).findFirst();
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
