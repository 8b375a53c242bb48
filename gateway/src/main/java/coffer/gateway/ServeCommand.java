package coffer.gateway;

import coffer.gateway.config.ServerConfig;
import coffer.storage.AccessKeyPair;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coffer serve}: runs the gateway in the foreground until SIGTERM or SIGINT, then stops gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the S3 gateway.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9000", description = "S3 port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--data-dir", defaultValue = "./var",
            description = "Directory for all local state (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of an external MariaDB (default: an embedded MariaDB)")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "coffer", description = "External database user (default: ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "External database password")
    String dbPassword;

    @Option(names = "--domain", description = "Base domain for virtual-hosted-style requests (bucket.DOMAIN)")
    String domain;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region served (default: ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--admin-port", defaultValue = "9001",
            description = "Admin API port (default: ${DEFAULT-VALUE})")
    int adminPort;

    @Option(names = "--admin-bind", defaultValue = "127.0.0.1",
            description = "Admin API listen address (default: ${DEFAULT-VALUE}); the token is its only protection")
    String adminBind;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = new ServerConfig(bind, port, dataDir,
                    Optional.ofNullable(dbUrl).map(u -> new ServerConfig.DatabaseConfig(u, dbUser, dbPassword)),
                    Optional.ofNullable(domain), region, firstKeysFromEnvironment(),
                    new ServerConfig.AdminConfig(adminBind, adminPort,
                            Optional.ofNullable(System.getenv("COFFER_ADMIN_TOKEN"))));
        } catch (IllegalArgumentException e) {
            System.err.println("coffer: " + e.getMessage());
            return 2;
        }
        CofferServer server = CofferServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "coffer-shutdown"));
        announce(server, config);
        stopped.await();
        return 0;
    }

    private static Optional<ServerConfig.KeyPair> firstKeysFromEnvironment() {
        String access = System.getenv("COFFER_ACCESS_KEY");
        String secret = System.getenv("COFFER_SECRET_KEY");
        if (access == null && secret == null) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig.KeyPair(access, secret));
    }

    private static void announce(CofferServer server, ServerConfig config) {
        String url = "http://" + config.bind() + ":" + server.port();
        StringBuilder out = new StringBuilder("\nCoffer is serving S3 on ").append(url).append('\n');
        Optional<AccessKeyPair> created = server.createdKeys();
        if (created.isPresent()) {
            // The one time a secret is printed: the first start, for the person who ran it.
            out.append("First start: created an account. Its credentials (saved in ")
                    .append(config.credentialsFile()).append(", mode 0600):\n")
                    .append("  AWS_ACCESS_KEY_ID=").append(created.get().accessKeyId()).append('\n')
                    .append("  AWS_SECRET_ACCESS_KEY=").append(created.get().secretKey()).append('\n');
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
