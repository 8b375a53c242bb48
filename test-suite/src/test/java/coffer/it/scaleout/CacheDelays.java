package coffer.it.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.S3Clients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Cross-process cache staleness (docs/architecture.md, "Lookup cache"): how long after a change through one gateway
 * the other gateway acts on it. Each measurement asserts that the change arrives (within {@link #NEVER}, a bound for
 * "never", not a timing requirement) and returns the delays for printing; the 1 s is reported, not asserted,
 * so the test does not flake on a loaded machine. Stateless.
 */
final class CacheDelays {
    /** Revocations measured; {@code -Dcoffer.scaleout.revocations=N} for another count. */
    static final int REVOCATIONS = Integer.getInteger("coffer.scaleout.revocations", 100);
    /** Revocations measured at once (each on its own key), to keep the class's time down. */
    static final int AT_ONCE = 5;
    private static final Duration NEVER = Duration.ofSeconds(30);

    private CacheDelays() {
    }

    /** Delays in nanoseconds, summarised. */
    record Report(int tries, double medianMillis, double worstMillis, long overOneSecond) {
        static Report of(List<Long> nanos) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return new Report(sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6, sorted.stream().filter(n -> n > 1_000_000_000L).count());
        }

        @Override
        public String toString() {
            return String.format("%d tries, median %.1f ms, worst %.1f ms, %d over 1 s", tries, medianMillis,
                    worstMillis, overOneSecond);
        }
    }

    /**
     * Keys made and revoked through A's admin API while B has them in its lookup cache (a request just signed with
     * each); the delay from the revocation's answer to B's first 403 InvalidAccessKeyId.
     */
    static Report revocations(ScaleOutCluster cluster) throws Exception {
        AdminHttp adminA = cluster.admin(0);
        AdminHttp.Answer account = adminA.post("/v1/accounts", "{\"name\":\"scale-revoker\"}");
        assertEquals(201, account.status(), account.raw().body());
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<List<Long>>> workers = new ArrayList<>();
            for (int w = 0; w < AT_ONCE; w++) {
                int tries = REVOCATIONS / AT_ONCE + (w < REVOCATIONS % AT_ONCE ? 1 : 0);
                workers.add(pool.submit(() -> revokeEach(cluster, adminA, tries)));
            }
            List<Long> delays = new ArrayList<>();
            for (Future<List<Long>> f : workers) {
                delays.addAll(f.get());
            }
            return Report.of(delays);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> revokeEach(ScaleOutCluster cluster, AdminHttp adminA, int tries) throws Exception {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            AdminHttp.Answer key = adminA.post("/v1/accounts/scale-revoker/keys", "{}");
            assertEquals(201, key.status(), key.raw().body());
            String id = key.json().get("accessKeyId").asText();
            String secret = key.json().get("secretKey").asText();
            try (S3Client onB = S3Clients.withoutRetries(cluster.endpoint(1), id, secret).build()) {
                onB.listBuckets(); // B has the key in its lookup cache now
                AdminHttp.Answer revoked = adminA.delete("/v1/keys/" + id);
                long revokedAt = System.nanoTime();
                assertEquals(2, revoked.status() / 100, revoked.raw().body());
                while (true) {
                    try {
                        onB.listBuckets();
                    } catch (S3Exception e) {
                        assertEquals(403, e.statusCode(), e.getMessage());
                        assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
                        delays.add(System.nanoTime() - revokedAt);
                        break;
                    }
                    assertTrue(System.nanoTime() - revokedAt < NEVER.toNanos(), "B never refused the key");
                    Thread.sleep(5);
                }
            }
        }
        return delays;
    }

    /** Buckets A has just looked up (so cached) deleted through B; the delay until A answers 404. */
    static Report bucketDeletions(ScaleOutCluster cluster) throws Exception {
        List<Long> delays = new ArrayList<>();
        try (S3Client onA = cluster.client(0); S3Client onB = cluster.client(1)) {
            for (int i = 0; i < 5; i++) {
                String bucket = "scale-gone-" + i;
                onA.createBucket(r -> r.bucket(bucket));
                onA.headBucket(r -> r.bucket(bucket));
                onB.deleteBucket(r -> r.bucket(bucket));
                long deletedAt = System.nanoTime();
                while (true) {
                    try {
                        onA.headBucket(r -> r.bucket(bucket));
                    } catch (S3Exception e) {
                        assertEquals(404, e.statusCode(), e.getMessage());
                        delays.add(System.nanoTime() - deletedAt);
                        break;
                    }
                    assertTrue(System.nanoTime() - deletedAt < NEVER.toNanos(), "the bucket never went for A");
                    Thread.sleep(5);
                }
            }
        }
        return Report.of(delays);
    }
}
