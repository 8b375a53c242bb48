package coffer.gateway;

import coffer.gateway.config.DurationConverter;
import coffer.gateway.config.IntegrityConfig;
import coffer.gateway.config.Limits;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.config.Settings;
import coffer.gateway.config.SizeConverter;
import coffer.gateway.config.TlsConfig;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.crypto.KeyDirectoryException;
import coffer.storage.multipart.MultipartLimits;
import java.io.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coffer serve}: runs the gateway in the foreground until SIGTERM or SIGINT, then stops gracefully. Every
 * option can also come from the environment ({@code COFFER_<NAME>}) or the {@code --config} properties file, flags
 * winning (see {@link Settings} and docs/configuration.md); {@code --help} lists each with its default.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the S3 gateway.",
                "Each --some-option can also be set as COFFER_SOME_OPTION in the environment or as some-option=... "
                        + "in the --config file; flags win over the environment, which wins over the file."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (also COFFER_CONFIG); see docs/configuration.md")
    Path config;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Listen address of the S3 port(s) (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "9000", description = "S3 port, plain HTTP (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--http-enabled", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "Serve plain HTTP on --port; false for HTTPS alone (default: ${DEFAULT-VALUE})")
    boolean httpEnabled;

    @Option(names = "--data-dir", defaultValue = "./var",
            description = "Directory for all local state (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of an external MariaDB (default: an embedded MariaDB)")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "coffer", description = "External database user (default: ${DEFAULT-VALUE})")
    String dbUser;

    // No ${DEFAULT-VALUE} here: --help would print a password taken from the environment or the file.
    @Option(names = "--db-password", defaultValue = "", description = "External database password (default: empty)")
    String dbPassword;

    @Option(names = "--db-binaries-dir", paramLabel = "DIR",
            description = "Where the embedded MariaDB's programs are unpacked, once per version and shared by every "
                    + "data directory (default: $XDG_CACHE_HOME/coffer or ~/.cache/coffer)")
    Path dbBinariesDir;

    @Option(names = "--domain", description = "Base domain for virtual-hosted-style requests, bucket.DOMAIN (default: none, path-style only)")
    String domain;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region served (default: ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--tls-port", defaultValue = "9443",
            description = "HTTPS port, used with --tls-cert or --tls-self-signed (default: ${DEFAULT-VALUE})")
    int tlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for HTTPS (default: none)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key for HTTPS (default: none)")
    Path tlsKey;

    @Option(names = "--tls-self-signed", defaultValue = "false", arity = "0..1", paramLabel = "BOOL",
            description = "Create (once) and use a self-signed certificate under DATA-DIR/tls (default: ${DEFAULT-VALUE})")
    boolean tlsSelfSigned;

    @Option(names = "--tls-names", defaultValue = "localhost,127.0.0.1", split = ",", paramLabel = "NAME",
            description = "Names and addresses the self-signed certificate is for (default: ${DEFAULT-VALUE})")
    List<String> tlsNames;

    @Option(names = "--admin-port", defaultValue = "9001",
            description = "Admin API port, also /metrics and /health (default: ${DEFAULT-VALUE})")
    int adminPort;

    @Option(names = "--admin-bind", defaultValue = "127.0.0.1",
            description = "Admin API listen address (default: ${DEFAULT-VALUE}); the token is its only protection")
    String adminBind;

    @Option(names = "--access-log", defaultValue = "logback", paramLabel = "logback|off|FILE",
            description = "Where the JSON access log goes: 'logback' (stdout with the shipped logging), 'off', or "
                    + "a file (default: ${DEFAULT-VALUE})")
    String accessLog;

    @Option(names = "--metrics", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "Meter S3 requests (coffer_s3_* at /metrics); false records nothing per request "
                    + "(default: ${DEFAULT-VALUE})")
    boolean metrics;

    @Option(names = "--max-header-bytes", defaultValue = "16384",
            description = "Largest request line plus headers (default: ${DEFAULT-VALUE})")
    int maxHeaderBytes;

    @Option(names = "--idle-timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "Close a connection idle this long (default: ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(names = "--max-concurrent-requests", defaultValue = "256",
            description = "S3 requests served at once (default: ${DEFAULT-VALUE})")
    int maxConcurrent;

    @Option(names = "--max-queued-requests", defaultValue = "64",
            description = "Requests waiting for a slot; more get 503 SlowDown (default: ${DEFAULT-VALUE})")
    int maxQueued;

    @Option(names = "--queue-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Longest wait for a slot before 503 SlowDown (default: ${DEFAULT-VALUE})")
    Duration queueTimeout;

    @Option(names = "--min-request-data-rate", defaultValue = "1024",
            description = "Request bodies slower than this many bytes/s get 400 RequestTimeout; 0: off "
                    + "(default: ${DEFAULT-VALUE})")
    long minRequestDataRate;

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "On stop, how long requests in flight may finish (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--gc-grace", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long a replaced or deleted object's data stays readable (default: ${DEFAULT-VALUE})")
    Duration gcGrace;

    @Option(names = "--min-free-space", defaultValue = "64MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Free space the blob disk keeps; writes that would use it get 507 InsufficientStorage "
                    + "(default: ${DEFAULT-VALUE})")
    long minFreeSpace;

    @Option(names = "--reconcile-interval", defaultValue = "1h", converter = DurationConverter.class,
            description = "Time between reconciliation passes, one always runs at start; 0 for only at start "
                    + "(default: ${DEFAULT-VALUE})")
    Duration reconcileInterval;

    @Option(names = "--reconcile-rate", defaultValue = "5000", paramLabel = "N",
            description = "Blobs and catalog rows reconciliation looks at per second, 0 for no limit "
                    + "(default: ${DEFAULT-VALUE})")
    long reconcileRate;

    @Option(names = "--scrub-rate", defaultValue = "50MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Bytes per second the scrub decrypts, 0 for no limit (default: ${DEFAULT-VALUE})")
    long scrubRate;

    @Option(names = "--volumes", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "Pack small objects into volume files with group commit (default: ${DEFAULT-VALUE})")
    boolean volumes;

    @Option(names = "--volume-max-object-size", defaultValue = "131072",
            description = "Largest object, in bytes, stored in a volume (default: ${DEFAULT-VALUE})")
    int volumeMaxObjectSize;

    @Option(names = "--volume-size", defaultValue = "1073741824",
            description = "Bytes after which a volume is sealed and a new one started (default: ${DEFAULT-VALUE})")
    long volumeSize;

    @Option(names = "--volume-writers", defaultValue = "1",
            description = "Active volumes, each with its own group-commit thread (default: ${DEFAULT-VALUE})")
    int volumeWriters;

    @Option(names = "--volume-compact-dead-share", defaultValue = "0.5", paramLabel = "SHARE",
            description = "Dead share (above 0, at most 1) at which a read-only volume is compacted "
                    + "(default: ${DEFAULT-VALUE})")
    double volumeCompactDeadShare;

    @Option(names = "--volume-compact-interval", defaultValue = "1m", converter = DurationConverter.class,
            description = "How often the compactor looks for volumes to compact, 0 for never "
                    + "(default: ${DEFAULT-VALUE})")
    Duration volumeCompactInterval;

    @Option(names = "--max-open-uploads", defaultValue = "10000", paramLabel = "N",
            description = "Multipart uploads in progress one account may have (default: ${DEFAULT-VALUE})")
    int maxOpenUploads;

    @Option(names = "--multipart-expiry", defaultValue = "7d", converter = DurationConverter.class,
            description = "A multipart upload with no part stored for this long is aborted (default: ${DEFAULT-VALUE})")
    Duration multipartExpiry;

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
        } catch (KeyDirectoryException e) {
            // An unsafe key directory is the operator's to fix: say what and where, no stack trace.
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

    /** The engine's multipart limits, from settings checked here so that an error names the setting at fault. */
    private MultipartLimits multipartLimits() {
        if (maxOpenUploads < 1) {
            throw new IllegalArgumentException("--max-open-uploads must be at least 1");
        }
        if (multipartExpiry == null || multipartExpiry.isNegative() || multipartExpiry.isZero()) {
            throw new IllegalArgumentException("--multipart-expiry must be positive");
        }
        return new MultipartLimits(maxOpenUploads, multipartExpiry);
    }

    /** The validated configuration; an IllegalArgumentException names the setting at fault. */
    ServerConfig config() {
        TlsConfig tls = new TlsConfig(tlsPort, Optional.ofNullable(tlsCert), Optional.ofNullable(tlsKey),
                tlsSelfSigned, tlsNames == null ? List.of() : tlsNames.stream().map(String::strip).toList());
        Limits limits = new Limits(maxHeaderBytes, idleTimeout, maxConcurrent, maxQueued, queueTimeout, drainTimeout,
                minRequestDataRate);
        ServerConfig.Operations ops = new ServerConfig.Operations(httpEnabled, tls, limits, accessLog, metrics,
                new IntegrityConfig(minFreeSpace, reconcileInterval, reconcileRate, scrubRate),
                multipartLimits());
        return new ServerConfig(bind, port, dataDir,
                Optional.ofNullable(dbUrl).filter(u -> !u.isBlank())
                        .map(u -> new ServerConfig.DatabaseConfig(u, dbUser, dbPassword)),
                Optional.ofNullable(domain), region, firstKeysFromEnvironment(),
                new ServerConfig.AdminConfig(adminBind, adminPort,
                        Optional.ofNullable(System.getenv("COFFER_ADMIN_TOKEN"))), gcGrace, ops,
                new ServerConfig.Volumes(volumes, volumeMaxObjectSize, volumeSize, volumeWriters,
                        volumeCompactDeadShare, volumeCompactInterval), Optional.ofNullable(dbBinariesDir));
    }

    private static Optional<ServerConfig.KeyPair> firstKeysFromEnvironment() {
        String access = System.getenv("COFFER_ACCESS_KEY");
        String secret = System.getenv("COFFER_SECRET_KEY");
        if (access == null && secret == null) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig.KeyPair(access, secret));
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
        out.append("Admin API on http://").append(config.admin().bind()).append(':').append(server.adminPort())
                .append(config.admin().token().isPresent() ? " (token from COFFER_ADMIN_TOKEN)"
                        : " (token in " + config.adminTokenFile() + ")").append('\n');
        out.append("Example: AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... aws --endpoint-url ").append(url)
                .append(" s3 ls\n");
        System.out.println(out);
        System.out.flush();
    }
}
