package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Metrics at {@code /metrics} and health at {@code /health/*} on the admin port (without the admin token), and
 * the access log (one JSON line per S3 request, here to a file in the data directory).
 */
class MetricsAndAccessLogIT {
    private static final String GATEWAY = "metered-gw:1";
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dataDir, config) -> config.accessLog(dataDir.resolve("access.log").toString())
                    .gatewayId(GATEWAY))
            .build();
    private static Path accessLog;
    private static S3Client s3;
    private static AdminHttp anonymous;

    @BeforeAll
    static void start() throws Exception {
        accessLog = gateway.dataDir().resolve("access.log");
        s3 = gateway.s3();
        anonymous = AdminHttp.of(gateway).withToken(null);
    }

    @Test
    void metricsCountRequestsByOperationAndStatusAndTheAccessLogHasOneLineEach() throws Exception {
        int before = lines().size();
        s3.createBucket(b -> b.bucket("metered"));
        s3.putObject(b -> b.bucket("metered").key("a/b.txt"), RequestBody.fromString("x".repeat(1000)));
        s3.putObject(b -> b.bucket("metered").key("c.txt"), RequestBody.fromString("hello"));
        assertEquals(1000, s3.getObjectAsBytes(b -> b.bucket("metered").key("a/b.txt")).asByteArray().length);
        assertThrows(S3Exception.class, () -> s3.getObject(b -> b.bucket("metered").key("missing")));
        try (S3Client wrong = gateway.client(TestGateway.ACCESS_KEY, "not-the-secret-at-all-0000000000000000",
                false, software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)) {
            S3Exception e = assertThrows(S3Exception.class, () -> wrong.listBuckets());
            assertEquals(403, e.statusCode());
        }

        List<String> lines = lines();
        for (int attempt = 0; attempt < 50 && lines.size() < before + 6; attempt++) {
            Thread.sleep(100); // the line is written when the exchange completes, just after the client has it;
            // metrics are recorded in the same step, before the line
            lines = lines();
        }
        String metrics = scrape();
        assertEquals(1.0, value(metrics, "coffer_s3_requests_total", "operation=\"CreateBucket\",status=\"2xx\""));
        assertEquals(2.0, value(metrics, "coffer_s3_requests_total", "operation=\"PutObject\",status=\"2xx\""));
        assertEquals(1.0, value(metrics, "coffer_s3_requests_total", "operation=\"GetObject\",status=\"2xx\""));
        assertEquals(1.0, value(metrics, "coffer_s3_requests_total", "operation=\"GetObject\",status=\"4xx\""));
        assertTrue(value(metrics, "coffer_s3_requests_total", "operation=\"ListBuckets\",status=\"4xx\"") >= 1);
        assertTrue(value(metrics, "coffer_s3_signature_failures_total", null) >= 1);
        assertEquals(0.0, value(metrics, "coffer_s3_quota_rejections_total", null));
        assertTrue(value(metrics, "coffer_s3_sent_bytes_total", "operation=\"GetObject\"") >= 1000);
        assertTrue(value(metrics, "coffer_s3_received_bytes_total", "operation=\"PutObject\"") >= 1005);
        assertTrue(value(metrics, "coffer_s3_request_duration_seconds_count", "operation=\"PutObject\"") >= 2);
        assertTrue(metrics.contains("coffer_s3_request_duration_seconds_bucket{gateway=\"" + GATEWAY
                + "\",operation=\"PutObject\",le="), "latency histogram buckets, with the gateway id as common tag");
        assertTrue(metrics.contains("jvm_threads_live_threads{gateway=\"" + GATEWAY + "\"}"), "on every meter");
        for (String family : List.of("hikaricp_connections_active", "jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jetty_threads_busy", "jetty_connections_current", "coffer_gc_queue_entries", "process_uptime_seconds")) {
            assertTrue(metrics.contains("\n" + family), "family " + family + " is exported");
        }

        List<JsonNode> mine = lines.subList(before, lines.size()).stream().map(MetricsAndAccessLogIT::json).toList();
        assertEquals(6, mine.size(), "one line per request: " + mine);
        JsonNode put = mine.get(1);
        assertEquals("PutObject", put.get("operation").asText());
        assertEquals("metered", put.get("bucket").asText());
        assertEquals("a/b.txt", put.get("key").asText());
        assertEquals(200, put.get("status").asInt());
        assertEquals(TestGateway.ACCESS_KEY, put.get("accessKeyId").asText());
        assertTrue(put.get("bytesIn").asLong() >= 1000);
        assertNotNull(put.get("requestId"));
        assertEquals(GATEWAY, put.get("gateway").asText());
        assertNotNull(put.get("time"));
        assertNotNull(put.get("durationMs"));
        assertEquals("127.0.0.1", put.get("remote").asText());
        assertNull(put.get("error"));
        JsonNode get = mine.get(3);
        assertEquals("GetObject", get.get("operation").asText());
        assertEquals(1000, get.get("bytesOut").asLong());
        JsonNode missing = mine.get(4);
        assertEquals(404, missing.get("status").asInt());
        assertEquals("NoSuchKey", missing.get("error").asText());
        JsonNode denied = mine.get(5);
        assertEquals("SignatureDoesNotMatch", denied.get("error").asText());
        assertNull(denied.get("accessKeyId"), "an unauthenticated request names no account");
    }

    @Test
    void healthAnswersWithoutTheTokenAndOtherRoutesStillNeedIt() throws Exception {
        AdminHttp.Answer live = anonymous.get("/health/live");
        assertEquals(200, live.status());
        assertEquals("up", live.json().get("status").asText());
        AdminHttp.Answer ready = anonymous.get("/health/ready");
        assertEquals(200, ready.status(), ready.raw().body());
        assertEquals("ok", ready.json().get("checks").get("database").asText());
        assertEquals("ok", ready.json().get("checks").get("dataDir").asText());
        assertEquals(401, anonymous.get("/v1/accounts").status());
        assertEquals(401, anonymous.post("/metrics", "{}").status(), "only GET is public");
        String type = anonymous.get("/metrics").raw().headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
    }

    private static String scrape() throws Exception {
        AdminHttp.Answer answer = anonymous.get("/metrics");
        assertEquals(200, answer.status());
        return answer.raw().body();
    }

    /**
     * The value of the sample {@code name{..., labels...}} (labels after the common tag {@code gateway}); labels null
     * for a sample without labels of its own.
     */
    static double value(String metrics, String name, String labels) {
        String sample = labels == null ? name : name + "{" + labels;
        String pattern = labels == null ? Pattern.quote(name)
                : Pattern.quote(name) + "\\{(?:[^}]*,)?" + Pattern.quote(labels);
        Matcher m = Pattern.compile("^" + pattern + "[^ ]* ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertTrue(m.find(), "no sample " + sample + " in\n" + grepLines(metrics, name));
        return Double.parseDouble(m.group(1));
    }

    private static String grepLines(String metrics, String name) {
        return String.join("\n", metrics.lines().filter(l -> l.contains(name)).toList());
    }

    private static List<String> lines() throws Exception {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    }

    private static JsonNode json(String line) {
        try {
            return AdminHttp.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
