package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Every bad input gets an S3 error document with the right code and status, and stores nothing. */
class ErrorCodesIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static RawS3 raw;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3WhenRequired();
        raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        s3.createBucket(b -> b.bucket("errors"));
    }

    @Test
    void payloadHashMismatchStoresNothing() throws Exception {
        byte[] signedFor = "the body that was signed".getBytes(StandardCharsets.UTF_8);
        byte[] sent = "the body that was changed".getBytes(StandardCharsets.UTF_8);
        var signed = raw.sign(SdkHttpMethod.PUT, "/errors/tampered", null, Map.of(), signedFor, Clock.systemUTC());
        RawS3.Result r = RawS3.send(signed, RawS3.bytes(sent));
        assertEquals(400, r.status(), r.body());
        assertEquals("XAmzContentSHA256Mismatch", r.errorCode());
        assertNoSuchKey("tampered");
    }

    @Test
    void badContentMd5StoresNothing() {
        S3Exception bad = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("errors").key("md5")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("not empty")));
        assertEquals("BadDigest", bad.awsErrorDetails().errorCode());
        assertEquals(400, bad.statusCode());
        assertNoSuchKey("md5");
        S3Exception invalid = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("errors").key("md5")
                .contentMD5("not base64!"), RequestBody.fromString("x")));
        assertEquals("InvalidDigest", invalid.awsErrorDetails().errorCode());
    }

    @Test
    void missingContentLength() throws Exception {
        var signed = raw.sign(SdkHttpMethod.PUT, "/errors/streamed", null, Map.of(), null, Clock.systemUTC());
        RawS3.Result r = RawS3.send(signed, RawS3.streamed("chunked transfer, no length"));
        assertEquals(411, r.status(), r.body());
        assertEquals("MissingContentLength", r.errorCode());
    }

    @Test
    void entityTooLargeIsRefusedBeforeTheBody() throws Exception {
        long size = 6L * 1024 * 1024 * 1024;
        var signed = raw.sign(SdkHttpMethod.PUT, "/errors/huge", null, Map.of("Content-Length", Long.toString(size)),
                null, Clock.systemUTC());
        StringBuilder head = new StringBuilder("PUT /errors/huge HTTP/1.1\r\n");
        signed.headers().forEach((k, v) -> v.forEach(value -> head.append(k).append(": ").append(value).append("\r\n")));
        head.append("Expect: 100-continue\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(600), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("<Code>EntityTooLarge</Code>"), response);
        }
    }

    @Test
    void malformedXmlNotImplementedAndMethodNotAllowed() throws Exception {
        byte[] garbage = "<CreateBucketConfiguration><oops".getBytes(StandardCharsets.UTF_8);
        var create = raw.sign(SdkHttpMethod.PUT, "/errors-new", null, Map.of(), garbage, Clock.systemUTC());
        RawS3.Result r = RawS3.send(create, RawS3.bytes(garbage));
        assertEquals(400, r.status(), r.body());
        assertEquals("MalformedXML", r.errorCode());

        var website = raw.sign(SdkHttpMethod.GET, "/errors", "website", Map.of(), null, Clock.systemUTC());
        RawS3.Result n = RawS3.send(website, null);
        assertEquals(501, n.status(), n.body());
        assertEquals("NotImplemented", n.errorCode());

        var post = raw.sign(SdkHttpMethod.POST, "/errors/some-key", null, Map.of(), null, Clock.systemUTC());
        RawS3.Result m = RawS3.send(post, null);
        assertEquals(405, m.status(), m.body());
        assertEquals("MethodNotAllowed", m.errorCode());
    }

    @Test
    void errorDocumentsCarryResourceAndRequestId() throws Exception {
        var signed = raw.sign(SdkHttpMethod.GET, "/errors/missing", null, Map.of(), null, Clock.systemUTC());
        RawS3.Result r = RawS3.send(signed, null);
        assertEquals(404, r.status());
        assertEquals("NoSuchKey", r.errorCode());
        assertTrue(r.body().contains("<Resource>/errors/missing</Resource>"), r.body());
        String requestId = r.headers().get("x-amz-request-id").get(0);
        assertTrue(r.body().contains("<RequestId>" + requestId + "</RequestId>"), r.body());
        // x-amz-id-2 names the gateway (unique across gateways; docs/configuration.md, "Request ids")
        String hostId = r.headers().get("x-amz-id-2").get(0);
        assertTrue(hostId.endsWith("/" + requestId) && hostId.length() > requestId.length() + 1, hostId);
    }

    @Test
    void errorsDecidedBelowTheS3LayerAreS3DocumentsToo() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var patch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.endpoint() + "/errors/k"))
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        var r = client.send(patch, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertTrue(r.body().contains("<Code>MethodNotAllowed</Code>"), r.body());

        var huge = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.endpoint() + "/errors/k"))
                .header("x-amz-meta-big", "v".repeat(40_000)).GET().build();
        var h = client.send(huge, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(431, h.statusCode());
        assertTrue(h.body().contains("<Code>RequestHeaderSectionTooLarge</Code>"), h.body());
        assertTrue(!h.body().contains("<html"), h.body());
    }

    /**
     * An authenticated client that sends its (small) body after the gateway has already decided to refuse it still
     * reads the error document, and the connection stays usable: the gateway reads the rest of the body before
     * answering instead of closing on unread bytes, which would reset the client mid-send.
     */
    @Test
    void anErrorAnswerToASmallBodyWaitsForItAndKeepsTheConnection() throws Exception {
        int length = 100_000;
        var signed = raw.sign(SdkHttpMethod.PUT, "/errors-none/late-body", null,
                Map.of("Content-Length", Integer.toString(length)), null, Clock.systemUTC());
        StringBuilder head = new StringBuilder("PUT /errors-none/late-body HTTP/1.1\r\n");
        signed.headers().forEach((k, v) -> v.forEach(value -> head.append(k).append(": ").append(value).append("\r\n")));
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write(new byte[length]);
            out.flush();
            String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 404"), first);
            assertTrue(first.contains("<Code>NoSuchBucket</Code>"), first);
            out.write("GET /errors/late-body HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String second = readResponse(in);
            assertTrue(second.startsWith("HTTP/1.1 403"), "the same connection answers again: " + second);
        }
    }

    /**
     * An unauthenticated request's body is never waited for (anyone could trickle one to hold a request slot): the
     * refusal comes at once, says {@code Connection: close}, and the connection ends.
     */
    @Test
    void anUnauthenticatedBodyIsNotWaitedForAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("PUT /errors/never-sent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nab")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 403"), first);
            assertTrue(first.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), first);
            assertTrue(first.contains("<Code>AccessDenied</Code>"), first);
            assertEquals(-1, in.read(), "the gateway closed the connection");
        }
        assertNoSuchKey("never-sent");
    }

    /**
     * A client that asks {@code Expect: 100-continue} before a body the gateway refuses gets the refusal at once,
     * never a {@code 100 Continue} (ceph/s3-tests' test_100_continue); once the bucket lets everyone write, it is
     * told to continue.
     */
    @Test
    void expectContinueGetsTheRefusalInsteadOfContinue() throws Exception {
        s3.createBucket(b -> b.bucket("errors-continue"));
        String head = "PUT /errors-continue/obj HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 123\r\n"
                + "Expect: 100-continue\r\n\r\n";
        assertTrue(firstAnswer(head).startsWith("HTTP/1.1 403"));
        s3.putBucketAcl(b -> b.bucket("errors-continue").acl(
                software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ_WRITE));
        assertTrue(firstAnswer(head).startsWith("HTTP/1.1 100"));
    }

    private String firstAnswer(String head) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.server().port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] first = new byte[64];
            int n = socket.getInputStream().read(first);
            return n <= 0 ? "" : new String(first, 0, n, StandardCharsets.US_ASCII);
        }
    }

    /** One HTTP/1.1 response with a Content-Length body, read from {@code in}; empty when the connection ended. */
    private static String readResponse(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int bodyLength = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    private static void assertNoSuchKey(String key) {
        S3Exception e = assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket("errors").key(key)));
        assertEquals(404, e.statusCode());
    }
}
