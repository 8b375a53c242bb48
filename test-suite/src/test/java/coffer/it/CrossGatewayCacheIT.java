package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ServerConfigBuilder;
import coffer.it.support.AdminHttp;
import coffer.it.support.S3Clients;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Two real gateways on one MariaDB (docs/architecture.md, "Lookup cache"): a key revoked through A is refused by B,
 * a bucket deleted through B is gone for A, each after B's (A's) cached lookup runs out. The test asserts that the
 * refusal comes, and prints the delay measured over 100 revocations (median and worst); it asserts no bound (no
 * timing assertions in tests).
 */
class CrossGatewayCacheIT {
    private static final int TRIES = 100;
    private static TestGateway a;
    private static TestGateway b;

    private static BiConsumer<Path, ServerConfigBuilder> named(String id) {
        return (dir, config) -> config.gatewayId(id);
    }

    /** Both share one keyring through a cluster key file (the first start creates it). */
    @BeforeAll
    static void start() throws Exception {
        Path keyFile = Files.createTempDirectory(Path.of("target"), "cluster-key-").resolve("cluster.key");
        a = TestGateway.start((dir, config) -> config.gatewayId("cache-a").clusterKeyFile(Optional.of(keyFile)));
        b = TestGateway.startBeside(a, named("cache-b"));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aKeyRevokedThroughOneGatewayIsRefusedByTheOther() throws Exception {
        AdminHttp adminA = a.admin();
        AdminHttp.Answer created = adminA.post("/v1/accounts", "{\"name\":\"revoker\"}");
        assertEquals(201, created.status(), created.raw().body());
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            AdminHttp.Answer key = adminA.post("/v1/accounts/revoker/keys", "{}");
            assertEquals(201, key.status(), key.raw().body());
            String id = key.json().get("accessKeyId").asText();
            String secret = key.json().get("secretKey").asText();
            try (S3Client onB = S3Clients.withoutRetries(b.endpoint(), id, secret).build()) {
                onB.listBuckets(); // B has the key in its lookup cache now
                AdminHttp.Answer revoked = adminA.delete("/v1/keys/" + id);
                long revokedAt = System.nanoTime();
                assertTrue(revoked.status() / 100 == 2, revoked.raw().body());
                delays.add(untilRefused(onB, revokedAt));
            }
        }
        report("key revoked through A, refused by B", delays);
    }

    @Test
    void aBucketDeletedThroughOneGatewayIsGoneForTheOther() throws Exception {
        List<Long> delays = new ArrayList<>();
        try (S3Client onA = a.client(); S3Client onB = b.client()) {
            for (int i = 0; i < 10; i++) {
                String bucket = "gone-" + i;
                onA.createBucket(r -> r.bucket(bucket));
                onA.headBucket(r -> r.bucket(bucket)); // A has the bucket in its lookup cache now
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
                    assertTrue(System.nanoTime() - deletedAt < Duration.ofSeconds(60).toNanos(), "never gone");
                    Thread.sleep(5);
                }
            }
        }
        report("bucket deleted through B, gone for A", delays);
    }

    /** Polls B with the revoked key until it is refused (403); the delay in nanoseconds. */
    private static long untilRefused(S3Client onB, long since) throws InterruptedException {
        while (true) {
            try {
                onB.listBuckets();
            } catch (S3Exception e) {
                assertEquals(403, e.statusCode(), e.getMessage());
                assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
                return System.nanoTime() - since;
            }
            assertTrue(System.nanoTime() - since < Duration.ofSeconds(60).toNanos(), "never refused");
            Thread.sleep(5);
        }
    }

    private static void report(String what, List<Long> delaysNanos) {
        List<Long> sorted = new ArrayList<>(delaysNanos);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2) / 1e6;
        double worst = sorted.get(sorted.size() - 1) / 1e6;
        System.out.printf("CrossGatewayCacheIT: %s: %d tries, median %.1f ms, worst %.1f ms%n", what,
                sorted.size(), median, worst);
    }
}
