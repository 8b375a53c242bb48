package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.S3Clients;
import coffer.it.support.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * If-None-Match: * and If-Match on PutObject, CompleteMultipartUpload and CopyObject, including races: several
 * clients writing one key at once must produce exactly one winner, the others 412 or 409.
 */
class ConditionalWriteIT {
    static final int RACERS = 4;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static S3Client noRetries;
    static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        // The SDK retries 409 ConditionalRequestConflict; a race must be observed as it happened.
        noRetries = S3Clients.builder(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(r -> r.maxAttempts(1)))
                .build();
        s3.createBucket(b -> b.bucket("conditional"));
        pool = Executors.newFixedThreadPool(RACERS);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        noRetries.close();
    }

    @Test
    void putIfNoneMatchAndIfMatch() {
        var first = s3.putObject(b -> b.bucket("conditional").key("k").ifNoneMatch("*"), RequestBody.fromString("1"));
        assertEquals(412, status(() -> s3.putObject(b -> b.bucket("conditional").key("k").ifNoneMatch("*"),
                RequestBody.fromString("2"))));
        assertEquals(412, status(() -> s3.putObject(b -> b.bucket("conditional").key("k")
                .ifMatch("\"0123456789abcdef0123456789abcdef\""), RequestBody.fromString("2"))));
        assertEquals(404, status(() -> s3.putObject(b -> b.bucket("conditional").key("absent")
                .ifMatch(first.eTag()), RequestBody.fromString("2"))));
        s3.putObject(b -> b.bucket("conditional").key("k").ifMatch(first.eTag()), RequestBody.fromString("3"));
        assertEquals("3", s3.getObjectAsBytes(b -> b.bucket("conditional").key("k")).asUtf8String());
    }

    @Test
    void ifMatchStarAndIfNoneMatchEtag() {
        assertEquals(404, status(() -> s3.putObject(b -> b.bucket("conditional").key("star").ifMatch("*"),
                RequestBody.fromString("no object yet"))));
        var first = s3.putObject(b -> b.bucket("conditional").key("star"), RequestBody.fromString("1"));
        s3.putObject(b -> b.bucket("conditional").key("star").ifMatch("*"), RequestBody.fromString("2"));
        assertEquals(412, status(() -> s3.putObject(b -> b.bucket("conditional").key("star")
                .ifNoneMatch(s3.headObject(h -> h.bucket("conditional").key("star")).eTag()),
                RequestBody.fromString("3"))));
        s3.putObject(b -> b.bucket("conditional").key("star").ifNoneMatch(first.eTag()), RequestBody.fromString("4"));
        assertEquals("4", s3.getObjectAsBytes(b -> b.bucket("conditional").key("star")).asUtf8String());
    }

    @Test
    void completeAndCopyHonourIfNoneMatch() {
        s3.putObject(b -> b.bucket("conditional").key("taken"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket("conditional").key("copy-source"), RequestBody.fromString("y"));
        String id = s3.createMultipartUpload(b -> b.bucket("conditional").key("taken")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("conditional").key("taken").uploadId(id).partNumber(1),
                RequestBody.fromString("part")).eTag();
        assertEquals(412, status(() -> s3.completeMultipartUpload(b -> b.bucket("conditional").key("taken")
                .uploadId(id).ifNoneMatch("*").multipartUpload(m -> m.parts(MultipartIT.part(1, etag))))));
        assertEquals(412, status(() -> s3.copyObject(b -> b.sourceBucket("conditional").sourceKey("copy-source")
                .destinationBucket("conditional").destinationKey("taken").ifNoneMatch("*"))));
        s3.completeMultipartUpload(b -> b.bucket("conditional").key("taken").uploadId(id)
                .multipartUpload(m -> m.parts(MultipartIT.part(1, etag))));
        assertEquals("part", s3.getObjectAsBytes(b -> b.bucket("conditional").key("taken")).asUtf8String());
    }

    @Test
    void racingCreateOnlyPutsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 30; round++) {
            String key = "race-" + round;
            List<Integer> outcomes = race(i -> noRetries.putObject(b -> b.bucket("conditional").key(key)
                    .ifNoneMatch("*"), RequestBody.fromString("writer " + i)));
            assertOneWinner(outcomes);
        }
    }

    @Test
    void racingIfMatchPutsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 30; round++) {
            String key = "cas-" + round;
            String base = s3.putObject(b -> b.bucket("conditional").key(key), RequestBody.fromString("base")).eTag();
            List<Integer> outcomes = race(i -> noRetries.putObject(b -> b.bucket("conditional").key(key)
                    .ifMatch(base), RequestBody.fromString("writer " + i)));
            assertOneWinner(outcomes);
        }
    }

    private static void assertOneWinner(List<Integer> outcomes) {
        assertEquals(1, outcomes.stream().filter(s -> s == 200).count(), outcomes::toString);
        assertTrue(outcomes.stream().allMatch(s -> s == 200 || s == 412 || s == 409), outcomes::toString);
    }

    @FunctionalInterface
    interface Write {
        void run(int i);
    }

    /** Runs {@link #RACERS} writes released at once; returns their HTTP statuses. */
    private static List<Integer> race(Write write) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int id = i;
            Callable<Integer> task = () -> {
                go.await();
                return status(() -> write.run(id));
            };
            futures.add(pool.submit(task));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : futures) {
            statuses.add(f.get());
        }
        return statuses;
    }

    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    @Test
    void conditionOnAMissingCopySourceIsNoSuchKey() {
        assertEquals(404, assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket("conditional")
                .sourceKey("nothing").destinationBucket("conditional").destinationKey("t"))).statusCode());
    }
}
