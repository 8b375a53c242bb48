package coffer.bench;

import coffer.gateway.config.ServerConfig;
import coffer.gateway.db.EmbeddedMariaDb;
import coffer.storage.testkit.S3Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * `make bench-scaleout` (issue 12): the load tool against (a) one gateway on local disks, (b) one gateway on the S3
 * blob backend and (c) two gateways on that backend with the load split over both, side by side in one run. Every
 * server is a process of its own on this machine: one MariaDB (the gateway's embedded MariaDB binaries, started
 * once; each setup's catalog is a database on it), s3proxy 2.6.0 (filesystem backend) as the S3 store, and three
 * gateways from the shaded jar: L (local blobs, its own catalog), S1 and S2 (one catalog, one bucket, one cluster key
 * file, which S1 creates). Setup (b) is S1 alone, (c) is S1 and S2. The CPU time of the gateways, s3proxy and
 * MariaDB is reported per phase. Options are the load tool's, after this run's defaults ({@link #DEFAULTS}); the
 * jar is {@code -Dcoffer.jar} (default {@code ../gateway/target/coffer.jar}). Everything lives under
 * {@code target/bench-scaleout/} (wiped first) and is stopped at the end, or by a shutdown hook. Run from the
 * test-suite directory (s3proxy's jar is {@code target/s3proxy/s3proxy.jar} there).
 */
public final class ScaleOutBench {
    /**
     * A few minutes on two cores: 4 × 64 MiB two at once (one per gateway of the two-gateway setup), 1,000 × 4 KiB
     * PUT and GET with 16 threads, 3 rounds, 30 s of warm-up per gateway of each setup.
     */
    static final String[] DEFAULTS = {"--large-mib", "64", "--large-count", "4", "--large-threads", "2",
        "--small-count", "1000", "--small-bytes", "4096", "--small-ops", "put,get", "--threads", "16",
        "--list-keys", "0", "--warmup-seconds", "30", "--rounds", "3"};
    private static final String AK = "BENCHACCESSKEY000001";
    private static final String SK = "bench-secret-key-0123456789abcdefghijklmn";
    private static final String STORE_BUCKET = "coffer-blobs";

    private ScaleOutBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] all = Stream.concat(Stream.of(DEFAULTS), Stream.of(args)).toArray(String[]::new);
        LoadSettings settings = LoadSettings.parse(all, Map.of());
        Path jar = Path.of(System.getProperty("coffer.jar", "../gateway/target/coffer.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: `make bench-scaleout` builds it");
        }
        Path dir = Path.of("target", "bench-scaleout").toAbsolutePath();
        wipe(dir);
        Files.createDirectories(dir);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        Thread hook = new Thread(() -> stopAll(started));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String loadBefore = loadAverage();
            EmbeddedMariaDb db = EmbeddedMariaDb.start(dir.resolve("mariadb"));
            started.push(db);
            long dbPid = mysqldPid(dir.resolve("mariadb"));
            S3Proxy store = new S3Proxy(dir.resolve("s3proxy"));
            started.push(store);
            store.createBucket(STORE_BUCKET);
            long storePid = childPid("s3proxy.jar");

            BenchGateway local = gateway(jar, dir, "L", db.database("bench_local"), List.of(), started);
            List<String> s3 = List.of("--blob-store", "s3", "--blob-s3-endpoint", store.endpoint().toString(),
                    "--blob-s3-bucket", STORE_BUCKET, "--blob-s3-prefix", "coffer/", "--blob-s3-region", "us-east-1",
                    "--cluster-key-file", dir.resolve("cluster.key").toString());
            ServerConfig.DatabaseConfig shared = db.database("bench_s3");
            BenchGateway s1 = gateway(jar, dir, "S1", shared, s3, started);
            BenchGateway s2 = gateway(jar, dir, "S2", shared, s3, started);

            Map<String, List<Long>> servers = Map.of("s3proxy", List.of(storePid), "mariadb", List.of(dbPid));
            List<BenchTarget> targets = List.of(
                    target("local", List.of(local), servers),
                    target("s3", List.of(s1), servers),
                    target("s3 ×2", List.of(s1, s2), servers));
            String table = LoadTool.measure(settings.withTargets(targets));
            String report = String.format("# make bench-scaleout, %s%n%nlocal = one gateway on local disks; s3 = one"
                    + " gateway on s3proxy 2.6.0; s3 ×2 = two gateways on it, operation i on gateway i mod 2 and"
                    + " every GET on the other gateway than its PUT. One MariaDB for all. CPU rows: ms of CPU per"
                    + " operation (or MiB) of each process group; \"other processes\": the rest of the machine;"
                    + " \"machine busy\": share of all cores.%nLoad average before: %s; after: %s%n%s",
                    Instant.now(), loadBefore, loadAverage(), table);
            System.out.println(report);
            Files.writeString(dir.resolve("results.md"), report, StandardCharsets.UTF_8);
        } finally {
            stopAll(started);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private static BenchGateway gateway(Path jar, Path dir, String name, ServerConfig.DatabaseConfig catalog,
                                        List<String> extra, Deque<AutoCloseable> started) throws Exception {
        List<String> args = new ArrayList<>(List.of("--gateway-id", name, "--db-url", catalog.url(),
                "--db-user", catalog.user()));
        args.addAll(extra);
        BenchGateway g = BenchGateway.start(jar, dir, name, args, Map.of("COFFER_DB_PASSWORD", catalog.password(),
                "COFFER_ACCESS_KEY", AK, "COFFER_SECRET_KEY", SK,
                "COFFER_BLOB_S3_ACCESS_KEY", S3Proxy.ACCESS_KEY, "COFFER_BLOB_S3_SECRET_KEY", S3Proxy.SECRET_KEY));
        started.push(g);
        return g;
    }

    private static BenchTarget target(String name, List<BenchGateway> gateways, Map<String, List<Long>> servers) {
        BenchTarget t = new BenchTarget(name, gateways.stream().map(BenchGateway::endpoint).toList(), AK, SK,
                Map.of()).withProcesses("gateways", gateways.stream().map(BenchGateway::pid).toList());
        return t.withProcesses("s3proxy", servers.get("s3proxy")).withProcesses("mariadb", servers.get("mariadb"));
    }

    /** The mysqld/mariadbd serving {@code dir}'s data directory (found by its command line, as the gateway does). */
    private static long mysqldPid(Path dir) {
        String needle = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("mysqld") || c.endsWith("mariadbd")).orElse(false))
                .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains(needle))
                .findFirst().orElseThrow(() -> new IllegalStateException("no mysqld for " + dir)).pid();
    }

    /** The child process of this JVM whose command line mentions {@code text}. */
    private static long childPid(String text) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(text))
                .findFirst().orElseThrow(() -> new IllegalStateException("no child process " + text)).pid();
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" "))
                    .subList(0, 3));
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Stops what was started, newest first (gateways before the store and the database); each only once. */
    private static void stopAll(Deque<AutoCloseable> started) {
        synchronized (started) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    System.err.println("[bench] stopping: " + e);
                }
            }
        }
    }

    private static void wipe(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
