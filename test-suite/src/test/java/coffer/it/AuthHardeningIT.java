package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Authentication answers of issue 10's malformed-request class: a SigV4a signature (which Coffer cannot verify),
 * an anonymous ListBuckets and a signed request with an empty {@code X-Amz-Date} each get a 4xx S3 error.
 * Requests go over a raw socket, so that nothing in a client library drops or fixes a header.
 */
class AuthHardeningIT {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("auth-hardening"));
    }

    @Test
    void aSigV4aSignatureIsRefusedAsUnverifiable() throws Exception {
        String date = AMZ_DATE.format(Instant.now());
        String answer = exchange("GET /auth-hardening/ HTTP/1.1\r\nHost: " + host() + "\r\nX-Amz-Date: " + date
                + "\r\nX-Amz-Content-Sha256: " + EMPTY_SHA256 + "\r\nX-Amz-Region-Set: *\r\n"
                + "Authorization: AWS4-ECDSA-P256-SHA256 Credential=" + TestGateway.ACCESS_KEY + "/"
                + date.substring(0, 8) + "/s3/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set,"
                + " Signature=3045022100ab\r\nConnection: close\r\n\r\n");
        int status = status(answer);
        assertTrue(status == 400 || status == 403, answer);
        assertTrue(answer.contains("<Error>"), answer);
    }

    @Test
    void aSigV4aStreamingPayloadIsRefusedAsUnverifiable() throws Exception {
        String date = AMZ_DATE.format(Instant.now());
        String payload = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
        String answer = exchange(signedRequest("PUT", "/auth-hardening/ecdsa", date, payload, "x-amz-date", date,
                "Content-Length: 0\r\n"));
        int status = status(answer);
        assertTrue(status == 400 || status == 403, answer);
        assertTrue(answer.contains("<Error>"), answer);
    }

    @Test
    void anAnonymousListBucketsIsDenied() throws Exception {
        String answer = exchange("GET / HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
        assertEquals(403, status(answer), answer);
        assertTrue(answer.contains("<Code>AccessDenied</Code>"), answer);
        assertTrue(!answer.contains("auth-hardening"), answer);
    }

    @Test
    void anEmptyXAmzDateOnASignedRequestIsRefused() throws Exception {
        Instant now = Instant.now();
        // Signed with the Date header as the request time and an empty x-amz-date among the signed headers.
        String request = signedRequest("GET", "/auth-hardening/", AMZ_DATE.format(now), EMPTY_SHA256,
                "date;x-amz-date", HTTP_DATE.format(now) + "\n" + "", "");
        String answer = exchange(request);
        assertEquals(403, status(answer), answer);
        assertTrue(answer.contains("<Code>AccessDenied</Code>"), answer);
    }

    /**
     * A SigV4 header-signed request without a body. {@code dated} names the date headers signed besides host and
     * x-amz-content-sha256: {@code x-amz-date} (value {@code dateValues}) or {@code date;x-amz-date} (values
     * {@code "<Date>\n<X-Amz-Date>"}).
     */
    private static String signedRequest(String method, String path, String amzDate, String payload, String dated,
                                        String dateValues, String extraHeaders) throws Exception {
        String[] values = dateValues.split("\n", -1);
        boolean withDate = dated.startsWith("date;");
        String dateHeader = withDate ? values[0] : null;
        String xAmzDate = withDate ? values[1] : values[0];
        String canonicalHeaders = (withDate ? "date:" + dateHeader + "\n" : "") + "host:" + host() + "\n"
                + "x-amz-content-sha256:" + payload + "\n" + "x-amz-date:" + xAmzDate + "\n";
        String signedHeaders = (withDate ? "date;" : "") + "host;x-amz-content-sha256;x-amz-date";
        String canonical = method + "\n" + path + "\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payload;
        String scope = amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + TestGateway.SECRET_KEY).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(hmac(hmac(key, "us-east-1"), "s3"), "aws4_request");
        String signature = hex(hmac(key, toSign));
        return method + " " + path + " HTTP/1.1\r\nHost: " + host() + "\r\n"
                + (withDate ? "Date: " + dateHeader + "\r\n" : "") + "X-Amz-Date: " + xAmzDate + "\r\n"
                + "X-Amz-Content-Sha256: " + payload + "\r\n" + extraHeaders
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + TestGateway.ACCESS_KEY + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature + "\r\nConnection: close\r\n\r\n";
    }

    private static String host() {
        URI endpoint = gateway.endpoint();
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    private static String exchange(String request) throws IOException {
        URI endpoint = gateway.endpoint();
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
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

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
