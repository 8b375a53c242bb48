package coffer.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A/B latency of small PUTs on two endpoints (for example the gateway before and after a change), interleaved
 * request by request, alternating which goes first, so that both see the same machine noise; one client thread.
 * Usage: {@code PutLatencyAB --target a=URL,AK,SK --target b=URL,AK,SK [--count 3000] [--bytes 4096]}. Prints p50,
 * p90 and p99 of each and the differences. Outside {@code make test}; see docs/benchmarks.md.
 */
public final class PutLatencyAB {
    private PutLatencyAB() {
    }

    public static void main(String[] args) {
        List<BenchTarget> targets = new ArrayList<>();
        int count = 3000;
        int bytes = 4096;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> targets.add(BenchTarget.parse(args[i + 1]));
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (targets.size() != 2) {
            throw new IllegalArgumentException("give exactly two --target name=URL,ACCESS,SECRET");
        }
        byte[] body = new byte[bytes];
        S3Client[] clients = {targets.get(0).client(), targets.get(1).client()};
        String bucket = "ab-" + System.currentTimeMillis();
        for (S3Client c : clients) {
            c.createBucket(b -> b.bucket(bucket));
        }
        for (int i = 0; i < 500; i++) { // warm-up: JIT, connections, buffer pool
            for (S3Client c : clients) {
                put(c, bucket, "warm" + (i % 50), body);
            }
        }
        long[][] nanos = new long[2][count];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 2; k++) {
                int t = (i + k) % 2;
                nanos[t][i] = put(clients[t], bucket, "k" + i, body);
            }
        }
        System.out.printf("%d PUTs of %d bytes per target, interleaved, 1 client thread%n%n", count, bytes);
        System.out.println("| Target | p50 ms | p90 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|");
        double[][] p = new double[2][];
        for (int t = 0; t < 2; t++) {
            Arrays.sort(nanos[t]);
            p[t] = new double[] {ms(nanos[t], 50), ms(nanos[t], 90), ms(nanos[t], 99)};
            System.out.printf("| %s | %.2f | %.2f | %.2f |%n", targets.get(t).name(), p[t][0], p[t][1], p[t][2]);
        }
        System.out.printf("| %s − %s | %+.2f | %+.2f | %+.2f |%n", targets.get(1).name(), targets.get(0).name(),
                p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2]);
        for (S3Client c : clients) {
            c.close();
        }
    }

    private static long put(S3Client c, String bucket, String key, byte[] body) {
        long start = System.nanoTime();
        c.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
        return System.nanoTime() - start;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }
}
