package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Values that become response headers (the response-* parameters of a presigned GET, the Content-Type of a PUT)
 * are checked before Jersey or Jetty sees them: what they cannot write is a 400 InvalidArgument document, and
 * nothing of the request (its signature) and no stack trace reaches the log. The log is the test JVM's
 * {@code target/test-gateway.log} (see logback-test.xml), read from where it ended before the requests.
 */
class ResponseHeaderValuesIT {
    private static final Path TEST_LOG = Path.of("target", "test-gateway.log");

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("headers"));
        s3.putObject(b -> b.bucket("headers").key("k"), RequestBody.fromString("content"));
    }

    @Test
    void unparseableResponseOverridesAreInvalidArgumentsAndLeaveNoTraceInTheLog() throws Exception {
        long logStart = logSize();
        try (S3Presigner presigner = gateway.presigner()) {
            for (java.util.function.Consumer<GetObjectRequest.Builder> bad : List.<java.util.function.Consumer<
                    GetObjectRequest.Builder>>of(
                    g -> g.responseContentType(";;;"),
                    g -> g.responseContentType("a/b; c"),
                    g -> g.responseContentType("text"),
                    g -> g.responseCacheControl("no-cache\r\nSet-Cookie: a=b"),
                    g -> g.responseContentDisposition("attachment\n"))) {
                URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> bad.accept(g.bucket("headers").key("k")))).url().toURI();
                RawS3.Result r = RawS3.get(url);
                assertEquals(400, r.status(), url.getRawQuery() + ": " + r.body());
                assertEquals("InvalidArgument", r.errorCode(), r.body());
                assertTrue(r.headers().getOrDefault("content-type", List.of("")).get(0).contains("xml"),
                        r.headers().toString());
                assertFalse(r.headers().containsKey("set-cookie"));
            }
            URI good = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("headers").key("k").responseContentType("text/x-good; q=\"1;2\"")
                            .responseContentDisposition("attachment; filename=\"k.txt\""))).url().toURI();
            RawS3.Result ok = RawS3.get(good);
            assertEquals(200, ok.status(), ok.body());
            assertEquals("text/x-good; q=\"1;2\"", ok.headers().get("content-type").get(0));
        }
        String log = logSince(logStart);
        assertFalse(log.contains("X-Amz-Signature"), log);
        assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
    }

    @Test
    void aContentTypeNoFrameworkCanWriteIsRefusedWhenStored() throws Exception {
        long logStart = logSize();
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of(";;;", "a/b; c")) {
            RawS3.Result r = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/headers/typed", null,
                    Map.of("Content-Type", type), body, Clock.systemUTC()), RawS3.bytes(body));
            assertEquals(400, r.status(), type + ": " + r.body());
            assertEquals("InvalidArgument", r.errorCode(), r.body());
        }
        RawS3.Result missing = RawS3.send(raw.sign(SdkHttpMethod.GET, "/headers/typed", null, Map.of(), null,
                Clock.systemUTC()), null);
        assertEquals("NoSuchKey", missing.errorCode(), "nothing was stored");
        String log = logSince(logStart);
        assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
    }

    private static long logSize() throws Exception {
        return Files.exists(TEST_LOG) ? Files.size(TEST_LOG) : 0;
    }

    private static String logSince(long offset) throws Exception {
        Thread.sleep(200); // the access log line is written as the exchange completes, just after the answer
        byte[] all = Files.readAllBytes(TEST_LOG);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}
