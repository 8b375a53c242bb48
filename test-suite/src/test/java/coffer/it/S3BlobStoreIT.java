package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.FileContentSearch;
import coffer.it.support.Gateway;
import coffer.it.support.GatewayExtension;
import coffer.it.support.S3Clients;
import coffer.storage.testkit.S3Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A gateway with --blob-store s3 on s3proxy 2.6.0 (its own process): the AWS SDK's put, get, ranges, SSE-C, listing
 * and multipart work as on local disks, the store holds no plaintext, and the store stopped under load gives 503s
 * (never a 500 or a hang) and loses nothing acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3BlobStoreIT {
    private static final String BUCKET = "s3blob";

    @RegisterExtension
    @Order(1)
    static final S3Proxy store = S3Proxy.forClass("s3blob-it");

    @RegisterExtension
    @Order(2)
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.blobS3(Optional.of(store.blobStore("coffer-blobs")))).build();

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] get(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    @Test
    @Order(1)
    void putGetRangeListAndMultipartThroughTheSdk() {
        S3Client s3 = gateway.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        Map<String, byte[]> objects = Map.of("small", bytes(4096, 1), "empty", new byte[0],
                "medium", bytes(1_000_000, 2), "large", bytes(9 * 1024 * 1024 + 7, 3));
        objects.forEach((key, body) -> s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body)));
        objects.forEach((key, body) -> assertArrayEquals(body, get(s3, key), key));

        byte[] large = objects.get("large");
        ResponseBytes<GetObjectResponse> range = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("large")
                .range("bytes=5000000-5100000"));
        assertArrayEquals(Arrays.copyOfRange(large, 5_000_000, 5_100_001), range.asByteArray());

        byte[] part1 = bytes(5 * 1024 * 1024, 4);
        byte[] part2 = bytes(5 * 1024 * 1024, 5);
        byte[] part3 = bytes(123_456, 6);
        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multi")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] bodies = {part1, part2, part3};
        for (int i = 0; i < bodies.length; i++) {
            int number = i + 1;
            String etag = s3.uploadPart(b -> b.bucket(BUCKET).key("multi").uploadId(upload).partNumber(number),
                    RequestBody.fromBytes(bodies[number - 1])).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multi").uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
        byte[] whole = new byte[part1.length + part2.length + part3.length];
        System.arraycopy(part1, 0, whole, 0, part1.length);
        System.arraycopy(part2, 0, whole, part1.length, part2.length);
        System.arraycopy(part3, 0, whole, part1.length + part2.length, part3.length);
        assertArrayEquals(whole, get(s3, "multi"));

        Set<String> listed = new HashSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).forEach(listed::add);
        assertEquals(Set.of("small", "empty", "medium", "large", "multi"), listed);
    }

    @Test
    @Order(2)
    void customerKeyObjectsReadOnlyWithTheirKeyAndTheStoreHoldsNoPlaintext() throws Exception {
        S3Client s3 = gateway.s3();
        byte[] key = bytes(32, 7);
        String k64 = Base64.getEncoder().encodeToString(key);
        String md5 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(key));
        byte[] marker = "S3BLOB-IT-PLAINTEXT-MARKER-".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = marker[i % marker.length];
        }
        for (String name : List.of("ssec-small", "ssec-large")) {
            byte[] content = name.endsWith("small") ? Arrays.copyOf(body, 5000) : body;
            s3.putObject(b -> b.bucket(BUCKET).key(name).sseCustomerAlgorithm("AES256").sseCustomerKey(k64)
                    .sseCustomerKeyMD5(md5), RequestBody.fromBytes(content));
            assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(name)
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(md5)).asByteArray());
            S3Exception refused = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> get(s3, name));
            assertEquals(400, refused.statusCode());
        }
        s3.putObject(b -> b.bucket(BUCKET).key("plain-marker"), RequestBody.fromBytes(body));

        Map<String, byte[]> secrets = new java.util.HashMap<>();
        secrets.put("plaintext", Arrays.copyOf(marker, marker.length));
        secrets.put("customer key", key);
        try (Stream<Path> keyFiles = Files.list(gateway.dataDir().resolve("keys"))) {
            for (Path p : keyFiles.filter(p -> p.getFileName().toString().endsWith(".key")).toList()) {
                secrets.put("master key " + p.getFileName(), Files.readAllBytes(p));
            }
        }
        FileContentSearch.Result found = FileContentSearch.search(store.storeDir(), secrets);
        assertTrue(found.files() > 0, "the store holds the blobs");
        assertEquals(List.of(), found.hits());
    }

    @Test
    @Order(3)
    void theStoreStoppedUnderLoadGives503sThenEverythingAcknowledgedIsThere() throws Exception {
        Gateway g = gateway;
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, byte[]> acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger unavailable = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                try (S3Client s3 = S3Clients.withoutRetries(g.endpoint(), Gateway.ACCESS_KEY, Gateway.SECRET_KEY)
                        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60))
                                .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                        .build()) {
                    for (int i = 0; running.get(); i++) {
                        String key = "load/" + thread + "/" + i;
                        byte[] body = bytes(thread == 0 ? 1_500_000 : 4096, thread * 1_000_000L + i);
                        try {
                            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
                            acked.put(key, body);
                            if (i % 5 == 0) {
                                assertArrayEquals(body, get(s3, key));
                            }
                        } catch (S3Exception e) {
                            if (e.statusCode() == 503) {
                                unavailable.incrementAndGet();
                            } else {
                                unexpected.add(key + ": " + e.statusCode() + " " + e.awsErrorDetails().errorCode());
                            }
                        } catch (RuntimeException | AssertionError e) {
                            unexpected.add(key + ": " + e);
                        }
                    }
                }
            }, "s3blob-load-" + t);
            w.start();
            writers.add(w);
        }
        AdminHttp health = new AdminHttp(g.adminEndpoint(), null);
        Thread.sleep(2000);
        store.stop();
        AdminHttp.Answer notReady = health.get("/health/ready");
        Thread.sleep(4000);
        store.start();
        Thread.sleep(3000);
        running.set(false);
        for (Thread w : writers) {
            w.join(120_000);
            assertTrue(!w.isAlive(), w.getName() + " hangs");
        }

        System.out.printf("[s3blob] outage under load: %d PUTs acknowledged, %d answers 503, %d unexpected%n",
                acked.size(), unavailable.get(), unexpected.size());
        assertEquals(503, notReady.status(), notReady.raw().body());
        assertEquals("the blob store is unreachable", notReady.json().get("checks").get("blobStore").asText());
        assertEquals(200, health.get("/health/ready").status());
        assertEquals(List.of(), List.copyOf(unexpected), "only 200s and 503s");
        assertTrue(unavailable.get() > 0, "the outage answered 503");
        assertTrue(acked.size() > 0);
        S3Client s3 = gateway.s3();
        acked.forEach((key, body) -> assertArrayEquals(body, get(s3, key), key));
        byte[] after = bytes(4096, 99);
        s3.putObject(b -> b.bucket(BUCKET).key("after-outage"), RequestBody.fromBytes(after));
        assertArrayEquals(after, get(s3, "after-outage"));
    }

    @Test
    @Order(4)
    void reconciliationWalksTheStoreAndFindsNothingMissing() throws Exception {
        AdminHttp.Answer answer = gateway.admin().post("/v1/integrity/reconciliation", "{}");
        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals(0, gateway.admin().get("/v1/integrity/reconciliation").json().get("missingCount").asLong(),
                answer.raw().body());
        assertArrayEquals(bytes(4096, 99), get(gateway.s3(), "after-outage"));
    }
}
