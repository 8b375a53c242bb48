package coffer.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A/B throughput of small PUTs and GETs on two endpoints with parallel clients, interleaved request by request:
 * each client thread sends operation i to both targets, alternating which goes first, so that both see the same
 * machine noise at the same moment. A target's throughput is then derived by Little's law for a closed loop,
 * {@code threads × count / Σ latencies}: the rate its {@code threads} clients would get if each spent all its time on
 * that target. Usage: {@code ThroughputAB --target a=URL,AK,SK --target b=URL,AK,SK [--count 3000] [--bytes 4096]
 * [--threads 16]}. Outside {@code make test}; see docs/benchmarks.md.
 */
public final class ThroughputAB {
    private ThroughputAB() {
    }

    /** One S3 call on target {@code t} for item {@code i}. */
    private interface Call {
        void run(S3Client client, int i);
    }

    public static void main(String[] args) throws Exception {
        List<BenchTarget> targets = new ArrayList<>();
        int count = 3000;
        int bytes = 4096;
        int threads = 16;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> targets.add(BenchTarget.parse(args[i + 1]));
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (targets.size() != 2) {
            throw new IllegalArgumentException("give exactly two --target name=URL,ACCESS,SECRET");
        }
        byte[] body = new byte[bytes];
        S3Client[] clients = {targets.get(0).client(), targets.get(1).client()};
        String bucket = "tab-" + System.currentTimeMillis();
        for (S3Client c : clients) {
            c.createBucket(b -> b.bucket(bucket));
        }
        Call put = (c, i) -> c.putObject(b -> b.bucket(bucket).key("k" + i), RequestBody.fromBytes(body));
        Call get = (c, i) -> c.getObjectAsBytes(b -> b.bucket(bucket).key("k" + i));
        phase(clients, threads, 500, put); // warm-up: JIT, connections, buffer pools
        phase(clients, threads, 500, get);
        System.out.printf("%d operations of %d bytes per target and phase, %d client threads, interleaved%n%n",
                count, bytes, threads);
        System.out.println("| Operation | Target | ops/s | p50 ms | p99 ms |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String name : List.of("PUT", "GET")) {
            long[][] nanos = phase(clients, threads, count, name.equals("PUT") ? put : get);
            for (int t = 0; t < 2; t++) {
                double rate = threads * (double) count / (Arrays.stream(nanos[t]).sum() / 1e9);
                Arrays.sort(nanos[t]);
                System.out.printf("| 4 KiB %s | %s | %,.0f | %.2f | %.2f |%n", name, targets.get(t).name(), rate,
                        ms(nanos[t], 50), ms(nanos[t], 99));
            }
        }
        for (S3Client c : clients) {
            c.close();
        }
    }

    /** Latencies of {@code count} calls per target, {@code threads} at a time, target order alternating. */
    private static long[][] phase(S3Client[] clients, int threads, int count, Call call) throws Exception {
        long[][] nanos = new long[2][count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        for (int k = 0; k < 2; k++) {
                            int t = (i + k) % 2;
                            long start = System.nanoTime();
                            call.run(clients[t], i);
                            nanos[t][i] = System.nanoTime() - start;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return nanos;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }
}
