package coffer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The measurements against one target: {@link #prepare} (bucket, warm-up) once, then {@link #measure} once per
 * round: large objects PUT and GET ({@code largeCount} of them, {@code largeThreads} at once); small objects PUT,
 * GET, LIST (one page of 100 keys from a random start) and DELETE with {@code threads} clients (those of
 * {@code --small-ops}); a full listing of
 * {@code listKeys} keys (created first, in parallel, unless the last of them already exists). A target with several
 * endpoints gets operation {@code i} on endpoint {@code i mod n}, and the GET of an object on the endpoint after the
 * one that PUT it, so every read of a two-gateway target crosses gateways. With processes to watch, each phase also
 * reports their CPU per operation (or per MiB), the rest of the machine's and how busy the machine was.
 */
final class TargetRun implements AutoCloseable {
    private final BenchTarget target;
    private final LoadSettings settings;
    private final List<S3Client> clients;

    TargetRun(BenchTarget target, LoadSettings settings) {
        this.target = target;
        this.settings = settings;
        this.clients = target.clients();
    }

    /** Creates the bucket (a rerun against the same endpoint reuses it) and warms each endpoint up in turn. */
    void prepare() throws Exception {
        try {
            first().createBucket(b -> b.bucket(settings.bucket()));
        } catch (BucketAlreadyOwnedByYouException e) {
            // a rerun against the same endpoint reuses the bucket (and its listing keys)
        }
        for (S3Client s3 : clients) {
            // Unmeasured, see WarmUp: --warmup-seconds of mixed traffic per endpoint, with 32 MiB up and down.
            int rounds = WarmUp.run(s3, settings.bucket(), settings.threads(),
                    java.time.Duration.ofSeconds(settings.warmupSeconds()), () -> {
                        try {
                            large(new ArrayList<>(), 32, 1, 1);
                        } catch (Exception e) {
                            throw new IllegalStateException("warm-up large object failed", e);
                        }
                    });
            progress("warmed up (" + rounds + " rounds)");
        }
    }

    /** One round of every measurement, in a fixed order and with the same metric names every round. */
    List<Metric> measure() throws Exception {
        List<Metric> metrics = new ArrayList<>();
        if (settings.largeMiB() > 0) {
            large(metrics, settings.largeMiB(), settings.largeCount(), settings.largeThreads());
            progress(settings.largeMiB() + " MiB PUT and GET done");
        }
        if (settings.smallCount() > 0) {
            small(metrics);
        }
        if (settings.listKeys() > 0) {
            listing(metrics);
        }
        return metrics;
    }

    private S3Client first() {
        return clients.get(0);
    }

    /** The client for operation {@code i}, shifted by {@code shift} endpoints. */
    private S3Client client(int i, int shift) {
        return clients.get((i + shift) % clients.size());
    }

    private void large(List<Metric> metrics, int mib, int count, int threads) throws Exception {
        long size = (long) mib << 20;
        String bucket = settings.bucket();
        ServerCpu putCpu = ServerCpu.start(target.processes());
        Latencies.Phase put = Parallel.run("large PUT", threads, count, j ->
                client(j, 0).putObject(b -> b.bucket(bucket).key(largeKey(j)),
                        RequestBody.fromContentProvider(() -> RepeatingBody.of(size), size,
                                "application/octet-stream")));
        ServerCpu.Usage putUsage = putCpu.stop();
        ServerCpu getCpu = ServerCpu.start(target.processes());
        Latencies.Phase get = Parallel.run("large GET", threads, count, j -> {
            long got = 0;
            try (ResponseInputStream<GetObjectResponse> in = client(j, 1).getObject(b -> b.bucket(bucket)
                    .key(largeKey(j)))) {
                byte[] buf = new byte[RepeatingBody.BLOCK];
                int n;
                while ((n = in.read(buf)) > 0) {
                    got += n;
                }
            }
            if (got != size) {
                throw new IllegalStateException("large GET returned " + got + " of " + size + " bytes");
            }
        });
        ServerCpu.Usage getUsage = getCpu.stop();
        for (int j = 0; j < count; j++) {
            int k = j;
            first().deleteObject(b -> b.bucket(bucket).key(largeKey(k)));
        }
        String label = mib + " MiB " + (count == 1 ? "" : "×" + count + " (" + threads + " at once) ");
        double total = (double) mib * count;
        metrics.add(new Metric(label + "PUT", "MiB/s", total / (put.wallNanos() / 1e9), true));
        metrics.add(new Metric(label + "PUT client CPU", "ms/MiB", put.clientCpuNanos() / 1e6 / total, false));
        cpuRows(metrics, label + "PUT", putUsage, total, "ms/MiB");
        metrics.add(new Metric(label + "GET", "MiB/s", total / (get.wallNanos() / 1e9), true));
        metrics.add(new Metric(label + "GET client CPU", "ms/MiB", get.clientCpuNanos() / 1e6 / total, false));
        cpuRows(metrics, label + "GET", getUsage, total, "ms/MiB");
    }

    private void small(List<Metric> metrics) throws Exception {
        int count = settings.smallCount();
        int size = settings.smallBytes();
        byte[] body = new byte[size];
        new SplittableRandom(4).nextBytes(body);
        String bucket = settings.bucket();
        int threads = settings.threads();
        String label = (size % 1024 == 0 ? size / 1024 + " KiB " : size + " B ");
        measured(metrics, label, "PUT", count, i ->
                client(i, 0).putObject(b -> b.bucket(bucket).key(smallKey(i)), RequestBody.fromBytes(body)));
        measured(metrics, label, "GET", count, i -> {
            byte[] got = client(i, 1).getObjectAsBytes(b -> b.bucket(bucket).key(smallKey(i))).asByteArray();
            if (got.length != size) {
                throw new IllegalStateException("GET returned " + got.length + " bytes");
            }
        });
        measured(metrics, label, "LIST", Math.max(1, count / 10), i -> {
            String start = smallKey(new SplittableRandom(i).nextInt(count)); // pages from anywhere in the set
            client(i, 0).listObjectsV2(b -> b.bucket(bucket).prefix("small/").startAfter(start).maxKeys(100));
        });
        measured(metrics, label, "DELETE", count, i ->
                client(i, 0).deleteObject(b -> b.bucket(bucket).key(smallKey(i))));
        progress(label + "objects done (" + count + " each, " + threads + " threads)");
    }

    /** One parallel phase of small operations and its rows: rate, p50, p99, client CPU, server CPU. */
    private void measured(List<Metric> metrics, String label, String op, int count, Parallel.Operation operation)
            throws Exception {
        if (!settings.smallOps().contains(op)) {
            return;
        }
        ServerCpu cpu = ServerCpu.start(target.processes());
        Latencies.Phase p = Parallel.run(op, settings.threads(), count, operation);
        ServerCpu.Usage usage = cpu.stop();
        String name = label + op + (op.equals("LIST") ? " (100-key page)" : "");
        metrics.add(new Metric(name, "ops/s", p.opsPerSecond(), true));
        metrics.add(new Metric(name + " p50", "ms", p.p50Nanos() / 1e6, false));
        metrics.add(new Metric(name + " p99", "ms", p.p99Nanos() / 1e6, false));
        metrics.add(new Metric(name + " client CPU", "ms/op", p.clientCpuMillisPerOp(), false));
        cpuRows(metrics, name, usage, p.operations(), "ms/op");
    }

    /** Per watched role, the rest of the machine, and the machine's busy share; nothing without watched roles. */
    private void cpuRows(List<Metric> metrics, String name, ServerCpu.Usage usage, double per, String unit) {
        if (target.processes().isEmpty()) {
            return;
        }
        usage.roleMillis().forEach((role, millis) ->
                metrics.add(new Metric(name + " CPU " + role, unit, millis / per, false)));
        metrics.add(new Metric(name + " CPU other processes", unit, usage.otherMillis() / per, false));
        metrics.add(new Metric(name + " machine busy", "%", 100 * usage.machineBusyShare(), false));
    }

    private void listing(List<Metric> metrics) throws Exception {
        int n = settings.listKeys();
        String bucket = settings.bucket();
        String prefix = "list" + n + "/";
        if (!exists(prefix + listKey(n - 1))) {
            long t0 = System.nanoTime();
            Parallel.run("create", settings.threads(), n, i ->
                    client(i, 0).putObject(b -> b.bucket(bucket).key(prefix + listKey(i)), RequestBody.empty()));
            progress("created " + n + " keys to list in " + String.format("%.0f s", (System.nanoTime() - t0) / 1e9));
        }
        long t0 = System.nanoTime();
        int listed = 0;
        int pages = 0;
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = client(pages, 0).listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                    .continuationToken(t));
            for (S3Object ignored : page.contents()) {
                listed++;
            }
            pages++;
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        long wall = System.nanoTime() - t0;
        if (listed != n) {
            throw new IllegalStateException("listing returned " + listed + " of " + n + " keys");
        }
        metrics.add(new Metric("list " + n + " keys (" + pages + " pages)", "s", wall / 1e9, false));
        progress("listed " + n + " keys");
    }

    private boolean exists(String key) {
        try {
            first().headObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String largeKey(int j) {
        return "large/object-" + j;
    }

    private static String smallKey(int i) {
        return String.format("small/%07d", i);
    }

    private static String listKey(int i) {
        return String.format("k%07d", i);
    }

    private void progress(String what) {
        System.err.println("[bench] " + target.name() + ": " + what);
    }

    @Override
    public void close() {
        clients.forEach(S3Client::close);
    }
}
