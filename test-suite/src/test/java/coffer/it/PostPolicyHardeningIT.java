package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Browser POST uploads, issue 10: the policy's signature is checked before the policy is parsed and every number
 * in it is bounded (item 4), a suspended account cannot upload and the access log names the signer (item 3),
 * a policy lives at most 7 days (item 7), and the Content-Type field is validated (item 9).
 */
class PostPolicyHardeningIT {
    private static final String BUCKET = "post-hardening";
    private static final String BOUNDARY = "----CofferHardeningBoundary";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dataDir, config) -> config.accessLog(dataDir.resolve("access.log").toString()))
            .build();
    private static S3Client s3;
    private static Path accessLog;

    @BeforeAll
    static void start() throws Exception {
        accessLog = gateway.dataDir().resolve("access.log");
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** A 400-byte unauthenticated form whose policy holds a number that expands to a gigabyte. */
    @Test
    void thePolicyBombAnswersAtOnceAndLeavesTheHeapAlone() throws Exception {
        String bomb = "{\"expiration\": \"2099-01-01T00:00:00Z\", \"conditions\": [{\"key\": 1e999999999},"
                + " [\"content-length-range\", 0, 1e999999999], {\"x\": -9e-999999999}]}";
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        for (String secret : List.of("not-the-secret-0000000000000000000000000", TestGateway.SECRET_KEY)) {
            // The fastest of three answers: a shared CI machine may stall any one request, the bomb stalls all.
            long millis = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 3; attempt++) {
                long start = System.nanoTime();
                HttpResponse<String> r = post(form(Map.of("key", "bomb"), bomb, TestGateway.ACCESS_KEY, secret));
                millis = Math.min(millis, (System.nanoTime() - start) / 1_000_000);
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " " + r.body());
                assertTrue(r.body().contains("<Error>"), r.body());
            }
            assertTrue(millis < 1000, "answered in " + millis + " ms at best");
        }
        long grown = usedHeapAfterGc(memory) - before;
        assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown + " bytes");
        assertAbsent("bomb");
    }

    @Test
    void aWronglySignedPolicyIsRefusedBeforeItIsParsed() throws Exception {
        HttpResponse<String> r = post(form(Map.of("key", "unparsed"), "not json at all",
                TestGateway.ACCESS_KEY, "not-the-secret-0000000000000000000000000"));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
    }

    @Test
    void aSignedPolicyWithAHugeNumberIsAnInvalidPolicyDocument() throws Exception {
        String policy = policy(Instant.now().plus(Duration.ofHours(1)), "[\"content-length-range\", 0, 1e400]");
        HttpResponse<String> r = post(form(Map.of("key", "huge"), policy, TestGateway.ACCESS_KEY,
                TestGateway.SECRET_KEY));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>InvalidPolicyDocument</Code>"), r.body());
    }

    @Test
    void aSuspendedAccountCannotUploadWithAForm() throws Exception {
        AdminHttp admin = AdminHttp.of(gateway);
        JsonNode created = admin.post("/v1/accounts", "{\"name\":\"poster\"}").json();
        String accessKey = created.at("/key/accessKeyId").asText();
        String secret = created.at("/key/secretKey").asText();
        try (S3Client poster = gateway.client(accessKey, secret, false,
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)) {
            poster.createBucket(b -> b.bucket("posters-bucket"));
        }
        assertEquals(200, admin.post("/v1/accounts/poster/suspend", "").status());
        String policy = policy(Instant.now().plus(Duration.ofHours(1)), "{\"key\": \"after-suspension\"}",
                "{\"bucket\": \"posters-bucket\"}");
        HttpResponse<String> r = post("posters-bucket", form(Map.of("key", "after-suspension"), policy, accessKey,
                secret));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
        assertTrue(r.body().contains("suspended"), r.body());
        assertAccessLogLine("PostObject", 403, accessKey);
    }

    @Test
    void theAccessLogNamesTheFormsSigner() throws Exception {
        String policy = policy(Instant.now().plus(Duration.ofHours(1)), "{\"key\": \"logged\"}",
                "{\"bucket\": \"" + BUCKET + "\"}");
        HttpResponse<String> r = post(form(Map.of("key", "logged"), policy, TestGateway.ACCESS_KEY,
                TestGateway.SECRET_KEY));
        assertEquals(204, r.statusCode(), r.body());
        assertAccessLogLine("PostObject", 204, TestGateway.ACCESS_KEY);
    }

    @Test
    void aPolicyMayNotLiveLongerThanSevenDays() throws Exception {
        String policy = policy(Instant.now().plus(Duration.ofDays(8)), "{\"key\": \"long-lived\"}",
                "{\"bucket\": \"" + BUCKET + "\"}");
        HttpResponse<String> r = post(form(Map.of("key", "long-lived"), policy, TestGateway.ACCESS_KEY,
                TestGateway.SECRET_KEY));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
        assertTrue(r.body().contains("7 days"), r.body());
        assertAbsent("long-lived");

        String week = policy(Instant.now().plus(Duration.ofDays(7)).minus(Duration.ofMinutes(1)),
                "{\"key\": \"a-week\"}", "{\"bucket\": \"" + BUCKET + "\"}");
        assertEquals(204, post(form(Map.of("key", "a-week"), week, TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY))
                .statusCode());
    }

    @Test
    void anUnparsableContentTypeFieldIsRefusedAndNothingIsStored() throws Exception {
        for (String contentType : List.of("text/plain; charset", "no-slash", "text/pla in", "text/plain;;=x")) {
            String policy = policy(Instant.now().plus(Duration.ofHours(1)), "{\"key\": \"typed\"}",
                    "{\"bucket\": \"" + BUCKET + "\"}", "[\"starts-with\", \"$Content-Type\", \"\"]");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("key", "typed");
            fields.put("Content-Type", contentType);
            HttpResponse<String> r = post(form(fields, policy, TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY));
            assertEquals(400, r.statusCode(), contentType + ": " + r.body());
            assertTrue(r.body().contains("<Error>"), r.body());
            assertAbsent("typed");
        }
        String policy = policy(Instant.now().plus(Duration.ofHours(1)), "{\"key\": \"typed\"}",
                "{\"bucket\": \"" + BUCKET + "\"}", "[\"starts-with\", \"$Content-Type\", \"\"]");
        HttpResponse<String> ok = post(form(Map.of("key", "typed", "Content-Type", "text/plain; charset=utf-8"),
                policy, TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY));
        assertEquals(204, ok.statusCode(), ok.body());
        assertEquals("text/plain; charset=utf-8",
                s3.headObject(b -> b.bucket(BUCKET).key("typed")).contentType());
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A policy with the given conditions plus those on the signature's own fields, which every policy needs. */
    private static String policy(Instant expiration, String... conditions) {
        return "{\"expiration\": \"" + expiration + "\", \"conditions\": [" + String.join(", ", conditions)
                + (conditions.length == 0 ? "" : ", ") + "{\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},"
                + " [\"starts-with\", \"$x-amz-credential\", \"\"], [\"starts-with\", \"$x-amz-date\", \"\"]]}";
    }

    /** A SigV4-signed form: the fields, then the policy JSON base64-encoded and signed, then a small file. */
    private static byte[] form(Map<String, String> fields, String policyJson, String accessKey, String secret) {
        Instant now = Instant.now();
        String date = AMZ_DATE.format(now);
        String policy = Base64.getEncoder().encodeToString(policyJson.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date.substring(0, 8));
        key = hmac(hmac(hmac(key, "us-east-1"), "s3"), "aws4_request");
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        all.put("x-amz-credential", accessKey + "/" + date.substring(0, 8) + "/us-east-1/s3/aws4_request");
        all.put("x-amz-date", date);
        all.put("policy", policy);
        all.put("x-amz-signature", HexFormat.of().formatHex(hmac(key, policy)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        all.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\""
                + "\r\n\r\nfile content\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return post(BUCKET, body);
    }

    private static HttpResponse<String> post(String bucket, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + bucket))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An access log line of this operation, status and access key (it is written just after the answer). */
    private static void assertAccessLogLine(String operation, int status, String accessKeyId) throws Exception {
        List<String> lines = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            lines = Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
            for (String text : lines) {
                JsonNode line = AdminHttp.JSON.readTree(text);
                if (operation.equals(line.path("operation").asText()) && line.path("status").asInt() == status
                        && accessKeyId.equals(line.path("accessKeyId").asText())) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no access log line for " + operation + " " + status + " " + accessKeyId + ": "
                + lines);
    }

    private static void assertAbsent(String key) {
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(BUCKET).key(key)));
    }
}
