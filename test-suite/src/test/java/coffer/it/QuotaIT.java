package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.S3Clients;
import coffer.it.support.UsageWatch;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Exact quotas over real HTTP: concurrent PutObject and UploadPart requests race for the last bytes of an account
 * while its usage row is sampled from the database; QuotaExceeded arrives before the body is sent.
 */
class QuotaIT {
    private static final int MIB = 1024 * 1024;
    private static final long QUOTA = 10L * MIB;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        admin = gateway.admin();
    }

    /** A new account with the given quota (bytes); returns its access key and secret. */
    private static String[] account(String name, long quota) throws Exception {
        AdminHttp.Answer a = admin.post("/v1/accounts", "{\"name\":\"" + name + "\",\"quota\":" + quota + "}");
        assertEquals(201, a.status(), a.raw().body());
        return new String[] {a.json().at("/key/accessKeyId").asText(), a.json().at("/key/secretKey").asText()};
    }

    /** The SDK with its default checksums (aws-chunked bodies with x-amz-decoded-content-length), no retries. */
    @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the SDK's default
    private static S3Client client(String[] key) {
        return S3Clients.withoutRetries(gateway.endpoint(), key[0], key[1])
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(100))
                .build();
    }

    /** Runs the requests at once; each answers "OK" or the S3 error code it got. */
    private static List<String> race(List<Callable<Object>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (Callable<Object> r : requests) {
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        r.call();
                        return "OK";
                    } catch (AwsServiceException e) {
                        return e.awsErrorDetails().errorCode() + " " + e.statusCode();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Integer> tally(List<String> outcomes) {
        Map<String, Integer> t = new TreeMap<>();
        outcomes.forEach(o -> t.merge(o, 1, Integer::sum));
        return t;
    }

    /** Reconciles through the admin API and returns this account's entry (recorded vs actual). */
    private static JsonNode reconcile(String name) throws Exception {
        for (JsonNode a : admin.post("/v1/usage/reconcile", "").json().get("accounts")) {
            if (a.get("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no account " + name);
    }

    private static void assertNoDrift(String name) throws Exception {
        JsonNode d = reconcile(name);
        assertEquals(0, d.get("driftBytes").asLong(), d.toString());
        assertEquals(0, d.get("driftObjects").asLong(), d.toString());
        assertEquals(0, UsageWatch.read(gateway.jdbcUrl(), name)[1], "nothing stays reserved");
    }

    @Test
    void fortyConcurrentPutsAndPartsForTenMiB() throws Exception {
        String[] key = account("quota-race", QUOTA);
        try (S3Client s3 = client(key)) {
            s3.createBucket(b -> b.bucket("quota-race"));
            String upload = s3.createMultipartUpload(b -> b.bucket("quota-race").key("mp")).uploadId();
            byte[] body = new byte[MIB];
            List<Callable<Object>> requests = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                requests.add(n % 2 == 0
                        ? () -> s3.putObject(b -> b.bucket("quota-race").key("k" + n), RequestBody.fromBytes(body))
                        : () -> s3.uploadPart(b -> b.bucket("quota-race").key("mp").uploadId(upload).partNumber(n),
                                RequestBody.fromBytes(body)));
            }
            List<String> outcomes;
            UsageWatch watch = new UsageWatch(gateway.jdbcUrl(), "quota-race");
            try (watch) {
                outcomes = race(requests);
            }
            Map<String, Integer> t = tally(outcomes);
            System.out.printf("quota race: %d requests, %s, highest used %d, highest used+reserved %d (quota %d,"
                    + " %d samples), drift %s%n", requests.size(), t, watch.maxUsed(), watch.maxUsedAndReserved(),
                    QUOTA, watch.samples(), reconcile("quota-race").get("driftBytes"));
            assertEquals(Map.of("OK", 10, "QuotaExceeded 403", 30), t);
            assertTrue(watch.maxUsedAndReserved() <= QUOTA, "used + reserved peaked at " + watch.maxUsedAndReserved());
            assertEquals(QUOTA, UsageWatch.read(gateway.jdbcUrl(), "quota-race")[0]);
            assertNoDrift("quota-race");
        }
    }

    /**
     * PUTs of at most {@code Quotas.SMALL_WRITE_BYTES} reserve nothing (one transaction per PUT): the publishing
     * transaction alone decides, and still no two of them pass the limit together.
     */
    @Test
    void smallPutsRaceWithoutReservationsAndStayExact() throws Exception {
        long quota = 40 * 1024;
        String[] key = account("quota-small", quota);
        try (S3Client s3 = client(key)) {
            s3.createBucket(b -> b.bucket("quota-small"));
            byte[] body = new byte[4096];
            List<Callable<Object>> requests = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                requests.add(() -> s3.putObject(b -> b.bucket("quota-small").key("k" + n),
                        RequestBody.fromBytes(body)));
            }
            List<String> outcomes;
            UsageWatch watch = new UsageWatch(gateway.jdbcUrl(), "quota-small");
            try (watch) {
                outcomes = race(requests);
            }
            assertEquals(Map.of("OK", 10, "QuotaExceeded 403", 14), tally(outcomes));
            assertTrue(watch.maxUsedAndReserved() <= quota, "used + reserved peaked at " + watch.maxUsedAndReserved());
            assertEquals(quota, UsageWatch.read(gateway.jdbcUrl(), "quota-small")[0]);
            // An overwrite of the same size does not grow usage and needs no room; a larger one is refused.
            s3.putObject(b -> b.bucket("quota-small").key(keyOf(outcomes)), RequestBody.fromBytes(body));
            AwsServiceException refused = assertThrows(AwsServiceException.class, () -> s3.putObject(
                    b -> b.bucket("quota-small").key(keyOf(outcomes)), RequestBody.fromBytes(new byte[4097])));
            assertEquals("QuotaExceeded", refused.awsErrorDetails().errorCode());
            assertNoDrift("quota-small");
        }
    }

    /** The key of the first PUT that succeeded in {@link #smallPutsRaceWithoutReservationsAndStayExact}. */
    private static String keyOf(List<String> outcomes) {
        return "k" + outcomes.indexOf("OK");
    }

    @Test
    void overwritesDeletesCopiesAndAbortsMixedIn() throws Exception {
        String bucket = "quota-mixed";
        String[] key = account(bucket, QUOTA);
        try (S3Client s3 = client(key)) {
            s3.createBucket(b -> b.bucket(bucket));
            byte[] body = new byte[MIB];
            for (int i = 0; i < 6; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key("old" + n), RequestBody.fromBytes(body));
            }
            String doomed = s3.createMultipartUpload(b -> b.bucket(bucket).key("doomed")).uploadId();
            for (int p = 1; p <= 2; p++) {
                int n = p;
                s3.uploadPart(b -> b.bucket(bucket).key("doomed").uploadId(doomed).partNumber(n),
                        RequestBody.fromBytes(body));
            }
            String live = s3.createMultipartUpload(b -> b.bucket(bucket).key("live")).uploadId();
            assertEquals(8L * MIB, UsageWatch.read(gateway.jdbcUrl(), bucket)[0]);

            List<Callable<Object>> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                requests.add(() -> s3.putObject(b -> b.bucket(bucket).key("new" + n), RequestBody.fromBytes(body)));
                requests.add(() -> s3.putObject(b -> b.bucket(bucket).key("old" + (n % 6)),
                        RequestBody.fromBytes(body)));
                requests.add(() -> s3.uploadPart(b -> b.bucket(bucket).key("live").uploadId(live).partNumber(n + 1),
                        RequestBody.fromBytes(body)));
            }
            for (int i = 0; i < 6; i++) {
                int n = i;
                requests.add(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("old" + (3 + n % 3))
                        .destinationBucket(bucket).destinationKey("copy" + n)));
            }
            requests.add(() -> s3.deleteObject(b -> b.bucket(bucket).key("old0")));
            requests.add(() -> s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                    o -> o.key("old1"), o -> o.key("old2")))));
            requests.add(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("doomed").uploadId(doomed)));
            List<String> outcomes;
            UsageWatch watch = new UsageWatch(gateway.jdbcUrl(), bucket);
            try (watch) {
                outcomes = race(requests);
            }
            Map<String, Integer> t = tally(outcomes);
            System.out.printf("mixed quota race: %d requests, %s, highest used %d, highest used+reserved %d"
                    + " (quota %d, %d samples), drift %s%n", requests.size(), t, watch.maxUsed(),
                    watch.maxUsedAndReserved(), QUOTA, watch.samples(), reconcile(bucket).get("driftBytes"));
            for (String o : t.keySet()) {
                assertTrue(o.equals("OK") || o.equals("QuotaExceeded 403") || o.startsWith("ConditionalRequest"),
                        t.toString());
            }
            assertTrue(t.getOrDefault("QuotaExceeded 403", 0) > 0, t.toString());
            assertTrue(watch.maxUsed() <= QUOTA, "used peaked at " + watch.maxUsed());
            assertTrue(watch.maxUsedAndReserved() <= QUOTA, "used + reserved peaked at " + watch.maxUsedAndReserved());
            assertNoDrift(bucket);

            // Complete the live upload with one of its stored parts: the others are given back.
            var parts = s3.listParts(b -> b.bucket(bucket).key("live").uploadId(live)).parts();
            long before = UsageWatch.read(gateway.jdbcUrl(), bucket)[0];
            if (!parts.isEmpty()) {
                var first = parts.get(0);
                s3.completeMultipartUpload(b -> b.bucket(bucket).key("live").uploadId(live).multipartUpload(
                        m -> m.parts(CompletedPart.builder().partNumber(first.partNumber()).eTag(first.eTag())
                                .build())));
                assertEquals(before - (parts.size() - 1L) * MIB, UsageWatch.read(gateway.jdbcUrl(), bucket)[0]);
            }
            assertNoDrift(bucket);
        }
    }

    @Test
    void quotaExceededArrivesBeforeTheBody() throws Exception {
        String[] key = account("quota-continue", MIB);
        try (S3Client s3 = client(key)) {
            s3.createBucket(b -> b.bucket("quota-continue"));
        }
        RawS3 raw = new RawS3(gateway.endpoint(), key[0], key[1]);
        long huge = 100L * MIB;
        String refused = exchange(raw, "/quota-continue/huge", huge, null);
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        assertTrue(refused.contains("<Code>QuotaExceeded</Code>"), refused);
        assertTrue(refused.contains(Long.toString(MIB)), "the message names the quota: " + refused);

        // A PUT that fits is told to go on only when the gateway reads its body.
        byte[] small = "fits".getBytes(StandardCharsets.US_ASCII);
        String accepted = exchange(raw, "/quota-continue/small", small.length, small);
        assertTrue(accepted.startsWith("HTTP/1.1 200"), accepted);
        assertEquals(small.length, UsageWatch.read(gateway.jdbcUrl(), "quota-continue")[0]);
        assertNoDrift("quota-continue");
    }

    /**
     * Sends the head of a PUT with {@code Expect: 100-continue} and waits for the first answer. With a body it
     * must be {@code 100 Continue}; the body then goes out and the final answer is returned. Without one, the
     * first answer is returned as is: nothing of the declared body was sent.
     */
    private static String exchange(RawS3 raw, String path, long length, byte[] body) throws Exception {
        var signed = raw.sign(SdkHttpMethod.PUT, path, null, Map.of("Content-Length", Long.toString(length)), null,
                Clock.systemUTC());
        StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
        signed.headers().forEach((k, v) -> v.forEach(value -> head.append(k).append(": ").append(value)
                .append("\r\n")));
        head.append("Expect: 100-continue\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponseHead(in);
            if (body == null) {
                return first + new String(in.readNBytes(contentLength(first)), StandardCharsets.UTF_8);
            }
            assertTrue(first.startsWith("HTTP/1.1 100"), first);
            out.write(body);
            out.flush();
            return readResponseHead(in);
        }
    }

    private static String readResponseHead(InputStream in) throws Exception {
        StringBuilder s = new StringBuilder();
        while (!s.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            s.append((char) b);
        }
        return s.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
