package coffer.it.scaleout;

import coffer.gateway.config.ServerConfig;
import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayProcess;
import coffer.it.support.S3Clients;
import coffer.it.support.SharedMariaDb;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.testkit.S3Proxy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 12's deployment in miniature, for one test class: s3proxy as the blob store, a catalog database on the test
 * JVM's shared MariaDB, and two {@code coffer serve} child JVMs (A started first, on a new catalog, creates the
 * cluster key file; B then starts with the same file), each with {@code --blob-store s3} on the same bucket and
 * prefix, its own data directory, gateway id and ports. Secrets travel in the children's environment. Not
 * thread-safe; the test class owns it and closes it (gateways first, then the store).
 */
final class ScaleOutCluster implements AutoCloseable {
    static final String ACCESS_KEY = "SCALEOUTFIRSTACCESSKEY";
    static final String SECRET_KEY = "scaleout-first-account-secret-0123456789";
    /** Short, so that a take-over after a kill -9 comes within seconds (about 1.25 times this). */
    static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path runDir;
    private final S3Proxy store;
    private final S3BlobSettings blobs;
    private final ServerConfig.DatabaseConfig catalog;
    private final Path keyFile;
    private final String adminToken;
    private final GatewayProcess[] gateways = new GatewayProcess[2];
    /** Kills the children if this JVM exits without {@link #close} (a test run stopped halfway). */
    private final Thread killer = new Thread(this::killAll, "scaleout-cleanup");

    private ScaleOutCluster(Path runDir, S3Proxy store, ServerConfig.DatabaseConfig catalog) throws IOException {
        this.runDir = runDir;
        this.store = store;
        this.blobs = store.blobStore("coffer-blobs");
        this.catalog = catalog;
        this.keyFile = Files.createDirectories(runDir.resolve("secrets")).resolve("cluster.key");
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        this.adminToken = HexFormat.of().formatHex(token);
    }

    /** Starts the store, the catalog and both gateways (A alone first: it migrates the new catalog). */
    static ScaleOutCluster start() throws Exception {
        Path runDir = Files.createTempDirectory(Path.of("target"), "scaleout-").toAbsolutePath();
        long t0 = System.nanoTime();
        // s3proxy's JVM starts while the catalog is made (and the JVM's MariaDB started, if this class is first).
        CompletableFuture<S3Proxy> starting = CompletableFuture.supplyAsync(() -> S3Proxy.forClass("scaleout"));
        ServerConfig.DatabaseConfig catalog;
        try {
            catalog = SharedMariaDb.newCatalog("coffer_scaleout");
        } catch (Exception | Error e) {
            starting.thenAccept(S3Proxy::close);
            throw e;
        }
        long t1 = System.nanoTime();
        S3Proxy store;
        try {
            store = starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        ScaleOutCluster cluster = null;
        try {
            cluster = new ScaleOutCluster(runDir, store, catalog);
            Runtime.getRuntime().addShutdownHook(cluster.killer);
            long t2 = System.nanoTime();
            cluster.gateways[0] = cluster.startGateway(0);
            long t3 = System.nanoTime();
            cluster.gateways[1] = cluster.startGateway(1);
            long t4 = System.nanoTime();
            System.out.printf("[scaleout] started: catalog (and the JVM's MariaDB if first) %d ms, s3proxy (started"
                    + " meanwhile) %d ms more, gateway A %d ms, gateway B %d ms%n", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
            return cluster;
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                store.close();
            }
            throw e;
        }
    }

    private GatewayProcess startGateway(int index) throws IOException, InterruptedException {
        String label = name(index);
        Path dataDir = Files.createDirectories(runDir.resolve(label + "-data"));
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_DB_PASSWORD", catalog.password());
        env.put("COFFER_BLOB_S3_ACCESS_KEY", blobs.accessKey());
        env.put("COFFER_BLOB_S3_SECRET_KEY", blobs.secretKey());
        env.put("COFFER_ADMIN_TOKEN", adminToken);
        if (index == 0) { // the first account, made by the first start of the catalog
            env.put("COFFER_ACCESS_KEY", ACCESS_KEY);
            env.put("COFFER_SECRET_KEY", SECRET_KEY);
        }
        List<String> options = List.of("--db-url", catalog.url(), "--db-user", catalog.user(),
                "--blob-store", "s3", "--blob-s3-endpoint", blobs.endpoint().toString(),
                "--blob-s3-bucket", blobs.bucket(), "--blob-s3-prefix", blobs.prefix(),
                "--blob-s3-region", blobs.region(), "--cluster-key-file", keyFile.toString(),
                "--gateway-id", label, "--background-lease", LEASE.toSeconds() + "s",
                // The upload reaper, a lease-held job, then runs every 6 s: a take-over shows in jobRuns soon.
                "--multipart-expiry", "60s");
        return GatewayProcess.start(runDir, label, dataDir, GatewayProcess.freePort(), env, options, START_TIMEOUT);
    }

    /** {@code scale-a} or {@code scale-b}: the gateway id, and the prefix of its lease holder name. */
    static String name(int index) {
        return index == 0 ? "scale-a" : "scale-b";
    }

    GatewayProcess gateway(int index) {
        return gateways[index];
    }

    URI endpoint(int index) {
        return gateways[index].endpoint();
    }

    AdminHttp admin(int index) throws IOException {
        return new AdminHttp(gateways[index].adminEndpoint(), adminToken);
    }

    /** An SDK client of gateway {@code index} with the first account's keys and the SDK's default retries. */
    S3Client client(int index) {
        return S3Clients.builder(endpoint(index), ACCESS_KEY, SECRET_KEY).build();
    }

    S3Proxy store() {
        return store;
    }

    /** The catalog's JDBC URL (for {@link SharedMariaDb#adminConnection} and {@code UsageWatch}). */
    String catalogUrl() {
        return catalog.url();
    }

    Path keyFile() {
        return keyFile;
    }

    /** Where the children's stdout and stderr are. */
    Path runDir() {
        return runDir;
    }

    String adminToken() {
        return adminToken;
    }

    private void killAll() {
        for (GatewayProcess g : gateways) {
            if (g != null) {
                g.process().destroyForcibly();
            }
        }
        store.close();
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = gateways.length - 1; i >= 0; i--) {
            if (gateways[i] != null) {
                gateways[i].close();
            }
        }
        store.close();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is exiting (the hook runs or ran), or the hook was never added
        }
    }
}
