package coffer.bench;

import java.util.Arrays;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cost of server access logging on a small GET (docs/access-logging.md): on one gateway, GETs of a
 * {@code --bytes} object in a bucket without logging and in one with logging on, interleaved request by request
 * (alternating which goes first) from one client thread. Prints p50, p90 and p99 of each and the differences.
 * Usage: {@code LoggedGetLatency --target a=URL,AK,SK [--count 3000] [--bytes 4096]}. Outside {@code make test}.
 */
public final class LoggedGetLatency {
    private LoggedGetLatency() {
    }

    public static void main(String[] args) {
        BenchTarget target = null;
        int count = 3000;
        int bytes = 4096;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> target = BenchTarget.parse(args[i + 1]);
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("give --target name=URL,ACCESS,SECRET");
        }
        String stamp = Long.toString(System.currentTimeMillis());
        String[] buckets = {"plain-" + stamp, "logged-" + stamp};
        try (S3Client c = target.client()) {
            for (String b : buckets) {
                c.createBucket(r -> r.bucket(b));
                c.putObject(r -> r.bucket(b).key("k"), RequestBody.fromBytes(new byte[bytes]));
            }
            c.createBucket(r -> r.bucket("logs-" + stamp));
            c.putBucketLogging(r -> r.bucket(buckets[1]).bucketLoggingStatus(s -> s.loggingEnabled(l -> l
                    .targetBucket("logs-" + stamp).targetPrefix("bench/"))));
            for (int i = 0; i < 500; i++) { // warm-up: JIT, connections, buffer pool
                for (String b : buckets) {
                    get(c, b);
                }
            }
            long[][] nanos = new long[2][count];
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < 2; k++) {
                    int t = (i + k) % 2;
                    nanos[t][i] = get(c, buckets[t]);
                }
            }
            System.out.printf("%d GETs of %d bytes per bucket, interleaved, 1 client thread%n%n", count, bytes);
            System.out.println("| Bucket | p50 ms | p90 ms | p99 ms |");
            System.out.println("|---|---:|---:|---:|");
            double[][] p = new double[2][];
            String[] names = {"without logging", "with logging"};
            for (int t = 0; t < 2; t++) {
                Arrays.sort(nanos[t]);
                p[t] = new double[] {ms(nanos[t], 50), ms(nanos[t], 90), ms(nanos[t], 99)};
                System.out.printf("| %s | %.3f | %.3f | %.3f |%n", names[t], p[t][0], p[t][1], p[t][2]);
            }
            System.out.printf("| difference | %+.3f | %+.3f | %+.3f |%n", p[1][0] - p[0][0], p[1][1] - p[0][1],
                    p[1][2] - p[0][2]);
        }
    }

    private static long get(S3Client c, String bucket) {
        long start = System.nanoTime();
        c.getObjectAsBytes(r -> r.bucket(bucket).key("k"));
        return System.nanoTime() - start;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }
}
