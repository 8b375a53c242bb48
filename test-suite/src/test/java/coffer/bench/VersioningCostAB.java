package coffer.bench;

import java.util.Arrays;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cost of versioning: PUT and GET of small objects on a versioned bucket against an unversioned one, on one
 * endpoint, interleaved request by request (alternating which bucket goes first) so that both see the same machine
 * noise; one client thread. Every measured PUT overwrites one of {@code --keys} keys written during the warm-up, so
 * on the versioned bucket each one keeps the previous version (the move into {@code object_version}); every GET reads
 * the current version without {@code versionId}. Usage:
 * {@code VersioningCostAB --target name=URL,AK,SK [--count 2000] [--bytes 4096] [--keys 200]}. Prints p50, p90 and
 * p99 per bucket and operation and the ratio of the medians. Outside {@code make test}; see docs/benchmarks.md.
 */
public final class VersioningCostAB {
    private static final String[] NAMES = {"unversioned", "versioned"};

    private VersioningCostAB() {
    }

    public static void main(String[] args) {
        BenchTarget target = null;
        int count = 2000;
        int bytes = 4096;
        int keys = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> target = BenchTarget.parse(args[i + 1]);
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                case "--keys" -> keys = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("give --target name=URL,ACCESS,SECRET");
        }
        byte[] body = new byte[bytes];
        long stamp = System.currentTimeMillis();
        String[] buckets = {"vc-plain-" + stamp, "vc-versioned-" + stamp};
        try (S3Client s3 = target.client()) {
            for (String b : buckets) {
                s3.createBucket(r -> r.bucket(b));
            }
            s3.putBucketVersioning(r -> r.bucket(buckets[1]).versioningConfiguration(c -> c.status("Enabled")));
            for (int i = 0; i < Math.max(500, keys); i++) { // warm-up: JIT, connections; every key exists
                for (String b : buckets) {
                    put(s3, b, "k" + (i % keys), body);
                    get(s3, b, "k" + (i % keys));
                }
            }
            long[][] puts = new long[2][count];
            long[][] gets = new long[2][count];
            for (int i = 0; i < count; i++) {
                String key = "k" + (i % keys);
                for (int k = 0; k < 2; k++) {
                    int t = (i + k) % 2;
                    puts[t][i] = put(s3, buckets[t], key, body);
                }
                for (int k = 0; k < 2; k++) {
                    int t = (i + k + 1) % 2;
                    gets[t][i] = get(s3, buckets[t], key);
                }
            }
            System.out.printf("%d PUTs (overwrites of %d keys) and %d GETs of %d bytes per bucket, interleaved,"
                    + " 1 client thread%n%n", count, keys, count, bytes);
            System.out.println("| Operation | Bucket | p50 ms | p90 ms | p99 ms |");
            System.out.println("|---|---|---:|---:|---:|");
            report("PUT", puts);
            report("GET", gets);
        }
    }

    private static void report(String op, long[][] nanos) {
        double[] p50 = new double[2];
        for (int t = 0; t < 2; t++) {
            Arrays.sort(nanos[t]);
            p50[t] = ms(nanos[t], 50);
            System.out.printf("| %s | %s | %.2f | %.2f | %.2f |%n", op, NAMES[t], p50[t], ms(nanos[t], 90),
                    ms(nanos[t], 99));
        }
        System.out.printf("| %s | versioned / unversioned (p50) | %.2f× | | |%n", op, p50[1] / p50[0]);
    }

    private static long put(S3Client c, String bucket, String key, byte[] body) {
        long start = System.nanoTime();
        c.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
        return System.nanoTime() - start;
    }

    private static long get(S3Client c, String bucket, String key) {
        long start = System.nanoTime();
        c.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        return System.nanoTime() - start;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }
}
