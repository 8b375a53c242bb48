package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import coffer.gateway.config.ServerConfig;
import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayProcess;
import coffer.it.support.S3Clients;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketLoggingStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLoggingResponse;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.PartitionDateSource;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Server access logging (docs/access-logging.md) on a {@code coffer serve} process with a catalog on the shared
 * MariaDB: the configuration and its refusals; records of PUT, GET, a 404, a presigned GET and a DELETE in AWS's
 * line format; the gateway killed ({@code kill -9}) before any delivery, and every record delivered exactly once
 * after the restart, in SimplePrefix and PartitionedPrefix keys; then a delivery within the flush interval. The
 * tests build on each other and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerAccessLoggingIT {
    private static final String ACCESS_KEY = "ACCESSLOGKEY00000001";
    private static final String SECRET_KEY = "accesslog-secret-0123456789abcdefghijklm";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(60);
    private static final String SRC = "logged";
    private static final String PARTITIONED = "logged-partitioned";
    private static final String LOGS = "logs";

    private static Path runDir;
    private static ServerConfig.DatabaseConfig catalog;
    private static String adminToken;
    private static int port;
    private static GatewayProcess gateway;
    private static String ownerId;
    /** Request id → the operation it must be logged as, for the requests made before the kill. */
    private static final Map<String, String> expected = new LinkedHashMap<>();
    private static String presignedSignature;

    @BeforeAll
    static void start() throws Exception {
        runDir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "accesslog-");
        catalog = coffer.it.support.SharedMariaDb.newCatalog("coffer_accesslog");
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        adminToken = HexFormat.of().formatHex(token);
        port = GatewayProcess.freePort();
        // A flush interval far longer than the test: nothing is delivered before the kill.
        gateway = startGateway("first", "10m");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static GatewayProcess startGateway(String label, String flush) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_DB_PASSWORD", catalog.password());
        env.put("COFFER_ADMIN_TOKEN", adminToken);
        env.put("COFFER_ACCESS_KEY", ACCESS_KEY);
        env.put("COFFER_SECRET_KEY", SECRET_KEY);
        return GatewayProcess.start(runDir, label, runDir.resolve("data"), port, env,
                List.of("--db-url", catalog.url(), "--db-user", catalog.user(), "--server-access-log-flush", flush,
                        "--server-access-log-quiet", flush),
                START);
    }

    private static S3Client client() {
        return S3Clients.builder(gateway.endpoint(), ACCESS_KEY, SECRET_KEY).build();
    }

    @Test
    @Order(1)
    void configurationIsTheOwnersAndRefusesBadTargets() throws Exception {
        try (S3Client s3 = client()) {
            for (String b : List.of(SRC, PARTITIONED, LOGS)) {
                s3.createBucket(r -> r.bucket(b));
            }
            assertNull(s3.getBucketLogging(r -> r.bucket(SRC)).loggingEnabled(), "off until configured");
            assertRefused(s3, SRC, "no-such-bucket", 400, "InvalidTargetBucketForLogging");
            assertRefused(s3, SRC, SRC, 400, "InvalidTargetBucketForLogging");
            S3Exception malformed = assertThrows(S3Exception.class, () -> s3.putBucketLogging(r -> r.bucket(SRC)
                    .bucketLoggingStatus(BucketLoggingStatus.builder().loggingEnabled(LoggingEnabled.builder()
                            .targetBucket(LOGS).targetPrefix("x/").targetObjectKeyFormat(f -> f.partitionedPrefix(
                                    p -> p.partitionDateSource("Yesterday"))).build()).build())));
            assertEquals("MalformedXML", malformed.awsErrorDetails().errorCode());

            JsonNode other = new AdminHttp(gateway.adminEndpoint(), adminToken)
                    .post("/v1/accounts", "{\"name\":\"someone-else\"}").json();
            try (S3Client stranger = S3Clients.builder(gateway.endpoint(), other.at("/key/accessKeyId").asText(),
                    other.at("/key/secretKey").asText()).build()) {
                stranger.createBucket(r -> r.bucket("strangers-logs"));
                assertRefused(s3, SRC, "strangers-logs", 400, "InvalidTargetBucketForLogging");
                assertRefused(stranger, SRC, "strangers-logs", 403, "AccessDenied");
                S3Exception read = assertThrows(S3Exception.class, () -> stranger.getBucketLogging(r -> r.bucket(SRC)));
                assertEquals(403, read.statusCode());
            }
            ownerId = s3.listBuckets().owner().id();
        }
    }

    private static void assertRefused(S3Client s3, String source, String target, int status, String code) {
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putBucketLogging(r -> r.bucket(source)
                .bucketLoggingStatus(BucketLoggingStatus.builder().loggingEnabled(LoggingEnabled.builder()
                        .targetBucket(target).targetPrefix("log/").build()).build())));
        assertEquals(status, e.statusCode(), e.getMessage());
        assertEquals(code, e.awsErrorDetails().errorCode());
    }

    @Test
    @Order(2)
    void requestsOnALoggedBucketAreRecorded() throws Exception {
        assumeTrue(ownerId != null, "needs the buckets");
        try (S3Client s3 = client()) {
            s3.putBucketLogging(r -> r.bucket(SRC).bucketLoggingStatus(b -> b.loggingEnabled(l -> l
                    .targetBucket(LOGS).targetPrefix("simple/"))));
            s3.putBucketLogging(r -> r.bucket(PARTITIONED).bucketLoggingStatus(b -> b.loggingEnabled(l -> l
                    .targetBucket(LOGS).targetPrefix("part/").targetObjectKeyFormat(f -> f.partitionedPrefix(
                            p -> p.partitionDateSource(PartitionDateSource.EVENT_TIME))))));
            GetBucketLoggingResponse got = s3.getBucketLogging(r -> r.bucket(SRC));
            assertEquals(LOGS, got.loggingEnabled().targetBucket());
            assertEquals("simple/", got.loggingEnabled().targetPrefix());
            assertNotNull(got.loggingEnabled().targetObjectKeyFormat().simplePrefix());
            assertEquals(PartitionDateSource.EVENT_TIME, s3.getBucketLogging(r -> r.bucket(PARTITIONED))
                    .loggingEnabled().targetObjectKeyFormat().partitionedPrefix().partitionDateSource());

            expected.put(s3.putObject(r -> r.bucket(SRC).key("dir/a b.txt"), RequestBody.fromString("hello"))
                    .responseMetadata().requestId(), "REST.PUT.OBJECT");
            expected.put(s3.getObjectAsBytes(r -> r.bucket(SRC).key("dir/a b.txt")).response().responseMetadata()
                    .requestId(), "REST.GET.OBJECT");
            S3Exception missing = assertThrows(S3Exception.class,
                    () -> s3.getObjectAsBytes(r -> r.bucket(SRC).key("missing")));
            expected.put(missing.requestId(), "REST.GET.OBJECT");
            expected.put(presignedGet(), "REST.GET.OBJECT");
            expected.put(s3.deleteObject(r -> r.bucket(SRC).key("dir/a b.txt")).responseMetadata().requestId(),
                    "REST.DELETE.OBJECT");
            expected.put(s3.putObject(r -> r.bucket(PARTITIONED).key("p"), RequestBody.fromString("part"))
                    .responseMetadata().requestId(), "REST.PUT.OBJECT");
        }
    }

    /** A presigned GET by plain HTTP; returns its request id and keeps its signature (which no record holds). */
    private static String presignedGet() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(gateway.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(SRC).key("dir/a b.txt"))).url().toURI();
            String query = url.getRawQuery();
            presignedSignature = query.substring(query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            return answer.headers().firstValue("x-amz-request-id").orElseThrow();
        }
    }

    @Test
    @Order(3)
    void aKilledGatewayLosesNoRecordAndDeliversEachOnceAfterItsRestart() throws Exception {
        assumeTrue(expected.size() == 6, "needs the requests");
        gateway.process().destroyForcibly(); // SIGKILL: no stop hook runs, the spool is all there is
        assertTrue(gateway.process().waitFor(30, TimeUnit.SECONDS));
        gateway = startGateway("after-kill", "1s");
        try (S3Client s3 = client()) {
            Map<String, List<String>> byId = awaitRecords(s3, "simple/", ids -> ids.keySet().containsAll(
                    expected.keySet().stream().limit(5).toList()));
            for (Map.Entry<String, String> e : expected.entrySet().stream().limit(5).toList()) {
                List<String> f = byId.get(e.getKey());
                assertEquals(e.getValue(), f.get(6), "operation of " + e.getKey());
                assertEquals(ownerId, f.get(0));
                assertEquals(SRC, f.get(1));
                assertTrue(f.get(2).matches("\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"), f.get(2));
                assertEquals("127.0.0.1", f.get(3));
                assertEquals(ownerId, f.get(4), "requester");
                assertTrue(f.get(13).matches("\\d+") && f.get(14).matches("\\d+"), "times: " + f);
                assertFalse(f.get(18).isEmpty() || f.get(18).equals("-"), "host id");
                assertEquals("SigV4", f.get(19));
                assertEquals("-", f.get(20), "no cipher over plain HTTP");
                assertEquals("127.0.0.1:" + port, f.get(22));
                assertEquals(26, f.size(), "fields: " + f);
            }
            List<List<String>> records = new ArrayList<>(byId.values());
            List<String> put = byId.get(expected.keySet().stream().toList().get(0));
            assertEquals("dir/a%20b.txt", put.get(7), "the key, URL-encoded");
            assertEquals("200", put.get(9));
            assertEquals("5", put.get(12), "object size");
            assertEquals("AuthHeader", put.get(21));
            assertTrue(put.get(16).contains("aws-sdk-java"), put.get(16));
            List<String> get = byId.get(expected.keySet().stream().toList().get(1));
            assertEquals("5", get.get(11), "bytes sent");
            assertTrue(get.get(8).startsWith("GET /" + SRC + "/dir/a%20b.txt"), get.get(8));
            List<String> notFound = byId.get(expected.keySet().stream().toList().get(2));
            assertEquals("404", notFound.get(9));
            assertEquals("NoSuchKey", notFound.get(10));
            List<String> presigned = byId.get(expected.keySet().stream().toList().get(3));
            assertEquals("QueryString", presigned.get(21));
            assertTrue(presigned.get(8).contains("X-Amz-Signature=REDACTED"), presigned.get(8));
            List<String> deleted = byId.get(expected.keySet().stream().toList().get(4));
            assertEquals("204", deleted.get(9));
            for (S3Object o : s3.listObjectsV2(r -> r.bucket(LOGS)).contents()) {
                assertFalse(s3.getObjectAsBytes(r -> r.bucket(LOGS).key(o.key())).asUtf8String()
                        .contains(presignedSignature), "no signature in any record");
            }
            assertTrue(records.size() >= 5);

            Map<String, List<String>> partitioned = awaitRecords(s3, "part/",
                    ids -> ids.containsKey(expected.keySet().stream().toList().get(5)));
            // Its Put/GetBucketLogging are records too, as AWS logs them: all in one log object.
            assertEquals("REST.PUT.OBJECT", partitioned.get(expected.keySet().stream().toList().get(5)).get(6));
            assertTrue(partitioned.values().stream().anyMatch(f -> f.get(6).equals("REST.GET.LOGGING_STATUS")));
            List<S3Object> partObjects = s3.listObjectsV2(r -> r.bucket(LOGS).prefix("part/")).contents();
            assertEquals(1, partObjects.size(), "one segment, one object: " + partObjects);
            String key = partObjects.get(0).key();
            assertTrue(key.matches("part/" + ownerId + "/us-east-1/" + PARTITIONED
                    + "/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}"), key);
            String simple = s3.listObjectsV2(r -> r.bucket(LOGS).prefix("simple/")).contents().get(0).key();
            assertTrue(simple.matches("simple/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}"), simple);
        }
    }

    @Test
    @Order(4)
    void aRunningGatewayDeliversWithinTheFlushInterval() throws Exception {
        assumeTrue(gateway.process().isAlive(), "needs the restarted gateway");
        try (S3Client s3 = client()) {
            String id = s3.headBucket(r -> r.bucket(SRC)).responseMetadata().requestId();
            Map<String, List<String>> byId = awaitRecords(s3, "simple/", ids -> ids.containsKey(id));
            assertEquals("REST.HEAD.BUCKET", byId.get(id).get(6));
            assertEquals("-", byId.get(id).get(7), "no key");
        }
    }

    /**
     * Reads every log object under {@code prefix} until {@code done} holds for the records by request id (or
     * the bound passes); asserts that no request id appears twice.
     */
    private static Map<String, List<String>> awaitRecords(S3Client s3, String prefix,
                                                           Predicate<Map<String, List<String>>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_BOUND.toNanos();
        while (true) {
            Map<String, List<String>> byId = new HashMap<>();
            for (S3Object o : s3.listObjectsV2(r -> r.bucket(LOGS).prefix(prefix)).contents()) {
                for (String line : s3.getObjectAsBytes(r -> r.bucket(LOGS).key(o.key())).asUtf8String()
                        .split("\n")) {
                    List<String> fields = fields(line);
                    assertNull(byId.put(fields.get(5), fields), "delivered once: " + line);
                }
            }
            if (done.test(byId) || System.nanoTime() > deadline) {
                assertTrue(done.test(byId), "records under " + prefix + " after " + DELIVERY_BOUND + ": " + byId);
                return byId;
            }
            Thread.sleep(200);
        }
    }

    /** Splits a record into its fields: {@code [...]} and {@code "..."} are one field each, without the marks. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            int end;
            if (c == '[' || c == '"') {
                end = line.indexOf(c == '[' ? ']' : '"', i + 1);
                fields.add(line.substring(i + 1, end));
                end++;
            } else {
                end = line.indexOf(' ', i);
                end = end < 0 ? line.length() : end;
                fields.add(line.substring(i, end));
            }
            i = end + 1;
        }
        return fields;
    }
}
