package coffer.gateway;

import static coffer.gateway.config.GatewaySettings.ACCESS_KEY;
import static coffer.gateway.config.GatewaySettings.ACCESS_LOG;
import static coffer.gateway.config.GatewaySettings.ADMIN_BIND;
import static coffer.gateway.config.GatewaySettings.ADMIN_PORT;
import static coffer.gateway.config.GatewaySettings.ADMIN_TOKEN;
import static coffer.gateway.config.GatewaySettings.BACKGROUND_LEASE;
import static coffer.gateway.config.GatewaySettings.BIND;
import static coffer.gateway.config.GatewaySettings.CLUSTER_KEY_FILE;
import static coffer.gateway.config.GatewaySettings.CONSOLE_ENABLED;
import static coffer.gateway.config.GatewaySettings.CONSOLE_PORT;
import static coffer.gateway.config.GatewaySettings.CONSOLE_SIGNUP;
import static coffer.gateway.config.GatewaySettings.DATA_DIR;
import static coffer.gateway.config.GatewaySettings.DB_BINARIES_DIR;
import static coffer.gateway.config.GatewaySettings.DB_PASSWORD;
import static coffer.gateway.config.GatewaySettings.DB_URL;
import static coffer.gateway.config.GatewaySettings.DB_USER;
import static coffer.gateway.config.GatewaySettings.DOMAIN;
import static coffer.gateway.config.GatewaySettings.DRAIN_TIMEOUT;
import static coffer.gateway.config.GatewaySettings.GATEWAY_ID;
import static coffer.gateway.config.GatewaySettings.GC_GRACE;
import static coffer.gateway.config.GatewaySettings.HTTP_ENABLED;
import static coffer.gateway.config.GatewaySettings.IDLE_TIMEOUT;
import static coffer.gateway.config.GatewaySettings.MAX_CONCURRENT_REQUESTS;
import static coffer.gateway.config.GatewaySettings.MAX_HEADER_BYTES;
import static coffer.gateway.config.GatewaySettings.MAX_OPEN_UPLOADS;
import static coffer.gateway.config.GatewaySettings.MAX_QUEUED_REQUESTS;
import static coffer.gateway.config.GatewaySettings.METRICS;
import static coffer.gateway.config.GatewaySettings.MIN_FREE_SPACE;
import static coffer.gateway.config.GatewaySettings.MIN_REQUEST_DATA_RATE;
import static coffer.gateway.config.GatewaySettings.BLOB_S3_ACCESS_KEY;
import static coffer.gateway.config.GatewaySettings.BLOB_S3_BUCKET;
import static coffer.gateway.config.GatewaySettings.BLOB_S3_ENDPOINT;
import static coffer.gateway.config.GatewaySettings.BLOB_S3_PREFIX;
import static coffer.gateway.config.GatewaySettings.BLOB_S3_REGION;
import static coffer.gateway.config.GatewaySettings.BLOB_S3_SECRET_KEY;
import static coffer.gateway.config.GatewaySettings.BLOB_STORE;
import static coffer.gateway.config.GatewaySettings.MULTIPART_EXPIRY;
import static coffer.gateway.config.GatewaySettings.PORT;
import static coffer.gateway.config.GatewaySettings.QUEUE_TIMEOUT;
import static coffer.gateway.config.GatewaySettings.RECONCILE_INTERVAL;
import static coffer.gateway.config.GatewaySettings.RECONCILE_RATE;
import static coffer.gateway.config.GatewaySettings.REGION;
import static coffer.gateway.config.GatewaySettings.SCRUB_RATE;
import static coffer.gateway.config.GatewaySettings.SECRET_KEY;
import static coffer.gateway.config.GatewaySettings.TLS_CERT;
import static coffer.gateway.config.GatewaySettings.TLS_KEY;
import static coffer.gateway.config.GatewaySettings.TLS_NAMES;
import static coffer.gateway.config.GatewaySettings.TLS_PORT;
import static coffer.gateway.config.GatewaySettings.TLS_SELF_SIGNED;
import static coffer.gateway.config.GatewaySettings.VOLUMES;
import static coffer.gateway.config.GatewaySettings.VOLUME_COMPACT_DEAD_SHARE;
import static coffer.gateway.config.GatewaySettings.VOLUME_COMPACT_INTERVAL;
import static coffer.gateway.config.GatewaySettings.VOLUME_MAX_OBJECT_SIZE;
import static coffer.gateway.config.GatewaySettings.VOLUME_SIZE;
import static coffer.gateway.config.GatewaySettings.VOLUME_WRITERS;

import coffer.gateway.config.ConsoleConfig;
import coffer.gateway.config.GatewaySettings;
import coffer.gateway.config.Limits;
import coffer.gateway.config.ServeOptions;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.config.Setting;
import coffer.gateway.config.SettingSources;
import coffer.gateway.config.TlsConfig;
import coffer.storage.BlobStoreMismatchException;
import coffer.storage.KeyDirectoryException;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.maintenance.MaintenanceSchedule;
import coffer.storage.multipart.MultipartLimits;
import java.io.Console;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code coffer serve}: runs the gateway in the foreground until SIGTERM or SIGINT, then stops gracefully. Its
 * options are the flag settings of {@link GatewaySettings}, added by {@link ServeOptions}; each can also come from
 * the environment ({@code COFFER_<NAME>}) or the {@code --config} properties file, flags winning (see
 * {@link SettingSources} and docs/configuration.md); {@code --help} lists each with its default.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ServeOptions.class,
        description = {"Start the S3 gateway.",
                "Each --some-option can also be set as COFFER_SOME_OPTION in the environment or as some-option=... "
                        + "in the --config file; flags win over the environment, which wins over the file."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("coffer: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        CofferServer server;
        try {
            server = CofferServer.start(config);
        } catch (KeyDirectoryException | BlobStoreMismatchException e) {
            // An unsafe key directory, or blobs in another store, is the operator's to fix: say what and where, no
            // stack trace.
            spec.commandLine().getErr().println("coffer: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            // The JVM would exit with 128+15 = 143 after a SIGTERM, which systemd and other supervisors read as a
            // failure; but this stop is the one asked for and it completed (drained, database shut down): 0.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "coffer-shutdown"));
        announce(server, config);
        stopped.await();
        return 0;
    }

    /** The validated configuration; an IllegalArgumentException names the setting at fault. */
    ServerConfig config() {
        Limits limits = new Limits(value(MAX_HEADER_BYTES), value(IDLE_TIMEOUT), value(MAX_CONCURRENT_REQUESTS),
                value(MAX_QUEUED_REQUESTS), value(QUEUE_TIMEOUT), value(DRAIN_TIMEOUT), value(MIN_REQUEST_DATA_RATE));
        TlsConfig tls = new TlsConfig(value(TLS_PORT), Optional.ofNullable(value(TLS_CERT)),
                Optional.ofNullable(value(TLS_KEY)), value(TLS_SELF_SIGNED),
                value(TLS_NAMES).stream().map(String::strip).toList());
        Optional<ServerConfig.DatabaseConfig> database = Optional.ofNullable(value(DB_URL))
                .filter(u -> !u.isBlank())
                .map(u -> new ServerConfig.DatabaseConfig(u, value(DB_USER), value(DB_PASSWORD)));
        VolumeSettings volumes = new VolumeSettings(value(VOLUME_MAX_OBJECT_SIZE), value(VOLUME_SIZE),
                value(VOLUME_WRITERS), VolumeSettings.DEFAULT_MAX_BATCH_BYTES, value(VOLUME_COMPACT_DEAD_SHARE),
                value(VOLUME_COMPACT_INTERVAL));
        MaintenanceSchedule maintenance = new MaintenanceSchedule(MaintenanceSchedule.DEFAULT_GC_INTERVAL,
                value(RECONCILE_INTERVAL), value(RECONCILE_RATE), value(SCRUB_RATE), value(BACKGROUND_LEASE))
                .withLifecycleDay(java.time.Duration.ofSeconds(value(GatewaySettings.LIFECYCLE_DAY_SECONDS)));
        return ServerConfig.builder()
                .bind(value(BIND)).port(value(PORT)).httpEnabled(value(HTTP_ENABLED)).tls(tls).limits(limits)
                .accessLog(value(ACCESS_LOG)).metrics(value(METRICS))
                .dataDir(value(DATA_DIR)).database(database).dbBinaries(Optional.ofNullable(value(DB_BINARIES_DIR)))
                .domain(Optional.ofNullable(value(DOMAIN))).region(value(REGION))
                .firstKeys(firstKeys())
                .admin(new ServerConfig.AdminConfig(value(ADMIN_BIND), value(ADMIN_PORT), environment(ADMIN_TOKEN)))
                .gcGrace(value(GC_GRACE)).minFreeBytes(value(MIN_FREE_SPACE))
                .volumesEnabled(value(VOLUMES)).volumes(volumes)
                .multipart(new MultipartLimits(value(MAX_OPEN_UPLOADS), value(MULTIPART_EXPIRY)))
                .maintenance(maintenance)
                .gatewayId(Optional.ofNullable(value(GATEWAY_ID)))
                .blobS3(blobS3())
                .clusterKeyFile(Optional.ofNullable(value(CLUSTER_KEY_FILE)))
                .console(new ConsoleConfig(value(CONSOLE_ENABLED), value(CONSOLE_PORT),
                        ConsoleConfig.SignUp.of(value(CONSOLE_SIGNUP)), ConsoleConfig.SignInLimits.DEFAULTS,
                        value(GatewaySettings.PUBLIC_URL), value(GatewaySettings.CONSOLE_URL)))
                .serverAccessLogFlush(value(GatewaySettings.SERVER_ACCESS_LOG_FLUSH))
                .serverAccessLogQuiet(value(GatewaySettings.SERVER_ACCESS_LOG_QUIET))
                .build();
    }

    /** The S3 blob store with --blob-store s3: endpoint, bucket and both keys are then required. */
    private Optional<S3BlobSettings> blobS3() {
        if (!"s3".equals(value(BLOB_STORE))) {
            return Optional.empty();
        }
        return Optional.of(S3BlobSettings.of(URI.create(required(BLOB_S3_ENDPOINT)), required(BLOB_S3_BUCKET),
                value(BLOB_S3_PREFIX), value(BLOB_S3_REGION), required(BLOB_S3_ACCESS_KEY),
                required(BLOB_S3_SECRET_KEY)));
    }

    private String required(Setting<String> setting) {
        String v = value(setting);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(setting.option() + " (or " + setting.environment()
                    + ") is required with " + BLOB_STORE.option() + " s3");
        }
        return v;
    }

    /** A flag setting's value (from the flag, the environment, the file or its default), checked. */
    private <T> T value(Setting<T> setting) {
        return setting.check(spec.findOption(setting.option()).getValue());
    }

    /** An environment setting's value, checked. */
    private Optional<String> environment(Setting<String> setting) {
        return sources().environment(setting).map(setting::require);
    }

    /** The first account's key pair: both variables or neither. */
    private Optional<ServerConfig.KeyPair> firstKeys() {
        Optional<String> access = sources().environment(ACCESS_KEY);
        Optional<String> secret = sources().environment(SECRET_KEY);
        if (access.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig.KeyPair(ACCESS_KEY.require(access.orElse(null)),
                SECRET_KEY.require(secret.orElse(null))));
    }

    private SettingSources sources() {
        return spec.commandLine().getDefaultValueProvider() instanceof SettingSources given ? given
                : SettingSources.load(new String[0], System.getenv());
    }

    /**
     * Whether standard output is a terminal (someone is watching, and nothing keeps what is printed). Java 17 to 21
     * give a console only when stdin and stdout are terminals; from Java 22 there may be a console regardless, and
     * {@code Console.isTerminal()} (looked up reflectively, as the build targets 17) tells.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static void announce(CofferServer server, ServerConfig config) {
        String url = server.port() >= 0 ? "http://" + config.bind() + ":" + server.port()
                : "https://" + config.bind() + ":" + server.tlsPort();
        StringBuilder out = new StringBuilder("\nCoffer is serving S3 on ").append(url).append('\n');
        if (server.port() >= 0 && server.tlsPort() >= 0) {
            out.append("and on https://").append(config.bind()).append(':').append(server.tlsPort()).append('\n');
        }
        server.tlsFingerprint().ifPresent(f -> out.append("TLS certificate SHA-256 fingerprint: ").append(f)
                .append('\n'));
        Optional<AccessKeyPair> created = server.createdKeys();
        if (created.isPresent() && stdoutIsTerminal()) {
            // The one time a secret is printed: the first start, for the person who ran it at a terminal.
            out.append("First start: created an account. Its credentials (saved in ")
                    .append(config.credentialsFile()).append(", mode 0600):\n")
                    .append("  AWS_ACCESS_KEY_ID=").append(created.get().accessKeyId()).append('\n')
                    .append("  AWS_SECRET_ACCESS_KEY=").append(created.get().secretKey()).append('\n');
        } else if (created.isPresent()) {
            // Standard output goes to a journal, a CI log or a file, which keep it: the secret stays in the file.
            out.append("First start: created an account. Its credentials are in ").append(config.credentialsFile())
                    .append(" (mode 0600)\n");
        } else {
            out.append("Credentials of the first account: ").append(config.credentialsFile()).append('\n');
        }
        config.blobS3().ifPresent(b -> out.append("Blobs in the S3 store ").append(b.endpoint()).append(", bucket ")
                .append(b.bucket()).append(b.prefix().isEmpty() ? "" : ", prefix " + b.prefix()).append('\n'));
        out.append("Admin API on http://").append(config.admin().bind()).append(':').append(server.adminPort())
                .append(config.admin().token().isPresent() ? " (token from " + ADMIN_TOKEN.environment() + ")"
                        : " (token in " + config.adminTokenFile() + ")").append('\n');
        if (server.consolePort() >= 0) {
            out.append("Web console on http://").append(config.bind()).append(':').append(server.consolePort())
                    .append('\n');
        }
        out.append("Example: AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... aws --endpoint-url ").append(url)
                .append(" s3 ls\n");
        System.out.println(out);
        System.out.flush();
    }
}
