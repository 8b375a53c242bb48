package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Requests broken at the HTTP level or just above it, sent over raw sockets: each gets an S3 XML error document
 * with a 4xx status (never a 5xx, never Jetty's bare answer), and each appears once in the access log and in the
 * request metrics.
 */
class MalformedRequestsIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dataDir, config) -> config.accessLog(dataDir.resolve("access.log").toString()))
            .build();
    private static Path accessLog;
    private static S3Client s3;
    private static RawS3 raw;

    @BeforeAll
    static void start() throws Exception {
        accessLog = gateway.dataDir().resolve("access.log");
        s3 = gateway.s3();
        raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        s3.createBucket(b -> b.bucket("malformed"));
    }

    @Test
    void anHttp09RequestLineGetsAnXmlError() throws Exception {
        assertRejected("GET /malformed/k\r\n\r\n", 400);
    }

    @Test
    void aNegativeContentLengthGetsAnXmlError() throws Exception {
        assertRejected(put("Content-Length: -5\r\n"), 400);
    }

    @Test
    void aNonNumericContentLengthGetsAnXmlError() throws Exception {
        assertRejected(put("Content-Length: 12abc\r\n"), 400);
    }

    @Test
    void aDuplicatedContentLengthGetsAnXmlError() throws Exception {
        assertRejected(put("Content-Length: 3\r\nContent-Length: 4\r\n") + "abcd", 400);
    }

    @Test
    void aContentLengthWithTransferEncodingGetsAnXmlError() throws Exception {
        assertRejected(put("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n") + "3\r\nabc\r\n0\r\n\r\n", 400);
    }

    @Test
    void aBodyShorterThanItsContentLengthThenAHalfCloseIsAnIncompleteBody() throws Exception {
        SdkHttpRequest signed = raw.sign(SdkHttpMethod.PUT, "/malformed/short", null,
                Map.of("Content-Length", "1000"), null, Clock.systemUTC());
        String response = exchangeHalfClosing(head("PUT /malformed/short", signed) + "only a few bytes");
        assertXmlError(response, 400, "IncompleteBody");
    }

    @Test
    void aNonAsciiBucketNameInAPutObjectIsAnInvalidBucketName() throws Exception {
        String path = "/b%C3%BCcket/key";
        SdkHttpRequest signed = raw.sign(SdkHttpMethod.PUT, path, null, Map.of("Content-Length", "1"), null,
                Clock.systemUTC());
        String response = exchange(head("PUT " + path, signed) + "x");
        assertXmlError(response, 400, "InvalidBucketName");
    }

    @Test
    void deeplyNestedXmlInACreateBucketIsMalformedXml() throws Exception {
        String deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
        byte[] body = ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + deep
                + "</CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8);
        RawS3.Result r = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/malformed-deep", null, Map.of(), body,
                Clock.systemUTC()), RawS3.bytes(body));
        assertEquals(400, r.status(), r.body());
        assertEquals("MalformedXML", r.errorCode());
        assertTrue(gateway.client().listBuckets().buckets().stream().noneMatch(b -> b.name().equals("malformed-deep")));
    }

    @Test
    void entityExpansionAndExternalEntitiesInXmlAreMalformedXml() throws Exception {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]><CreateBucketConfiguration><LocationConstraint>&b;&x;"
                + "</LocationConstraint></CreateBucketConfiguration>";
        byte[] body = bomb.getBytes(StandardCharsets.UTF_8);
        RawS3.Result r = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/malformed-xxe", null, Map.of(), body,
                Clock.systemUTC()), RawS3.bytes(body));
        assertEquals(400, r.status(), r.body());
        assertEquals("MalformedXML", r.errorCode());
        assertTrue(!r.body().contains("root:"), r.body());
    }

    /** Sends {@code request}, expects an XML error with {@code status}, and exactly one new access-log line. */
    private static void assertRejected(String request, int status) throws Exception {
        // A request of an earlier test may still be on its way to the log: count from a settled log.
        int before = settledLines().size();
        String response = exchange(request);
        assertTrue(response.startsWith("HTTP/1.1 " + status), response);
        assertTrue(response.toLowerCase().contains("content-type: application/xml"), response);
        assertTrue(response.contains("<Error><Code>"), response);
        List<String> lines = lines();
        for (int attempt = 0; attempt < 50 && lines.size() < before + 1; attempt++) {
            Thread.sleep(100);
            lines = lines();
        }
        lines = settledLines();
        assertEquals(before + 1, lines.size(), "one access-log line for " + request.lines().findFirst().orElse(""));
        JsonNode line = AdminHttp.JSON.readTree(lines.get(before));
        assertEquals(status, line.get("status").asInt(), line.toString());
        AdminHttp.Answer metrics = AdminHttp.of(gateway).withToken(null).get("/metrics");
        assertTrue(MetricsAndAccessLogIT.value(metrics.raw().body(), "coffer_s3_requests_total",
                "operation=\"Unknown\",status=\"4xx\"") >= 1, "counted in the metrics");
    }

    private static void assertXmlError(String response, int status, String code) {
        assertTrue(response.startsWith("HTTP/1.1 " + status), response);
        assertTrue(response.toLowerCase().contains("content-type: application/xml"), response);
        assertTrue(response.contains("<Code>" + code + "</Code>"), response);
    }

    private static String put(String headers) {
        return "PUT /malformed/k HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
    }

    private static String head(String requestLine, SdkHttpRequest signed) {
        StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
        signed.headers().forEach((k, v) -> v.forEach(value -> head.append(k).append(": ").append(value).append("\r\n")));
        return head.append("\r\n").toString();
    }

    /** Writes {@code request} and reads the answer until the server closes or stops sending. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    /** Writes {@code request}, then half-closes: the server sees the end of the stream. */
    private static String exchangeHalfClosing(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
                String sofar = bytes.toString(StandardCharsets.UTF_8);
                if (sofar.contains("</Error>")) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived is the answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The log's lines once two reads 300 ms apart agree. */
    private static List<String> settledLines() throws Exception {
        List<String> last = lines();
        for (int attempt = 0; attempt < 20; attempt++) {
            Thread.sleep(300);
            List<String> now = lines();
            if (now.size() == last.size()) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static List<String> lines() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    }
}
