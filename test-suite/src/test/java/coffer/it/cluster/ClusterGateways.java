package coffer.it.cluster;

import coffer.it.support.AdminHttp;
import coffer.it.support.Gateway;
import coffer.it.support.GatewayProcess;
import coffer.it.support.S3Clients;
import coffer.storage.testkit.S3Proxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The gateways of {@code make test-cluster} (docs/cluster.md): {@code coffer serve} each in its own JVM
 * ({@link GatewayProcess}), as an operator runs them, on the Galera cluster's sequential URL, with the S3 blob backend
 * on one s3proxy and one {@code --cluster-key-file} (the first gateway creates it, the others read it). Each has its
 * own data directory (admin token, logs), so that nothing but the catalog, the blob store and the key file is shared.
 * {@link #kill9} is a process crash: SIGKILL to the gateway's JVM. Not thread-safe; one owner.
 */
final class ClusterGateways implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final String BLOB_BUCKET = "coffer-blobs";

    private final Path dir;
    private final List<GatewayProcess> processes = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();
    private final List<S3Client> clients = new ArrayList<>();

    private ClusterGateways(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts {@code count} gateways one after the other (the first alone: it runs the schema migrations and creates
     * the cluster key file and the first account).
     */
    static ClusterGateways start(GaleraCluster cluster, S3Proxy store, int count) throws IOException,
            InterruptedException {
        ClusterGateways gateways = new ClusterGateways(Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "cluster-gateways")), "run-").toAbsolutePath());
        store.createBucket(BLOB_BUCKET);
        Path keyFile = gateways.dir.resolve("cluster.key");
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_DB_URL", cluster.sequentialUrl());
        env.put("COFFER_DB_USER", GaleraCluster.USER);
        env.put("COFFER_DB_PASSWORD", cluster.password());
        env.put("COFFER_BLOB_STORE", "s3");
        env.put("COFFER_BLOB_S3_ENDPOINT", store.endpoint().toString());
        env.put("COFFER_BLOB_S3_BUCKET", BLOB_BUCKET);
        env.put("COFFER_BLOB_S3_PREFIX", "coffer/");
        env.put("COFFER_BLOB_S3_ACCESS_KEY", S3Proxy.ACCESS_KEY);
        env.put("COFFER_BLOB_S3_SECRET_KEY", S3Proxy.SECRET_KEY);
        env.put("COFFER_CLUSTER_KEY_FILE", keyFile.toString());
        env.put("COFFER_ACCESS_KEY", Gateway.ACCESS_KEY);
        env.put("COFFER_SECRET_KEY", Gateway.SECRET_KEY);
        env.put("COFFER_ADMIN_TOKEN", null);
        try {
            for (int i = 0; i < count; i++) {
                Path data = Files.createDirectories(gateways.dir.resolve("gw" + i + "-data"));
                GatewayProcess p = GatewayProcess.start(gateways.dir, "gw" + i, data, GatewayProcess.freePort(), env,
                        START_TIMEOUT);
                gateways.processes.add(p);
                gateways.dataDirs.add(data);
                gateways.clients.add(S3Clients.withoutRetries(p.endpoint(), Gateway.ACCESS_KEY, Gateway.SECRET_KEY)
                        .build());
                System.out.println("[cluster] gateway " + i + " serving on " + p.endpoint() + " (pid "
                        + p.process().pid() + ")");
            }
            return gateways;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            System.out.println("[cluster] gateway logs kept in " + gateways.dir);
            gateways.close();
            throw e;
        }
    }

    /** One S3 client per gateway (without retries), by index. */
    List<S3Client> clients() {
        return clients;
    }

    /** The admin API of gateway {@code i}, with its admin token (each gateway made its own). */
    AdminHttp admin(int i) throws IOException {
        String token = Files.readString(dataDirs.get(i).resolve("admin.token"), StandardCharsets.US_ASCII).strip();
        return new AdminHttp(processes.get(i).adminEndpoint(), token);
    }

    boolean alive(int i) {
        return processes.get(i).process().isAlive();
    }

    /** SIGKILL to gateway {@code i}'s JVM (no drain, no shutdown hook); returns once it has exited. */
    void kill9(int i) throws InterruptedException {
        processes.get(i).killTree();
    }

    /** Where the gateways' logs are (printed when the test fails). */
    Path dir() {
        return dir;
    }

    /** Stops the gateways still running (SIGTERM, as an operator would) and closes the clients. */
    @Override
    public void close() throws InterruptedException {
        clients.forEach(S3Client::close);
        for (GatewayProcess p : processes) {
            p.close();
        }
    }
}
