package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.SigV2Client;
import coffer.it.support.TestGateway;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sends requests carrying every kind of secret the gateway sees (SigV4 header and presigned signatures, good and
 * bad; SigV2 header and presigned signatures; an SSE-C key; the admin token, right and wrong; a secret key created
 * through the admin API), then searches ALL log output of this test JVM so far (it runs last: see
 * junit-platform.properties) ({@code target/test-gateway.log},
 * where logback-test.xml sends every logger at DEBUG for Coffer, the access log included) for each of them and
 * for the secret key every other test uses. None may appear.
 */
@Order(Integer.MAX_VALUE)
class SecretsInLogsIT {
    private static final Path TEST_LOG = Path.of("target", "test-gateway.log");
    private static final Pattern V4_SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("secrets"));
        s3.putObject(b -> b.bucket("secrets").key("k"), RequestBody.fromString("secret-free content"));
    }

    @Test
    void noSecretReachesAnyLogLine() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        put(secrets, "the test secret key", TestGateway.SECRET_KEY);
        List<String> requestIds = new ArrayList<>();
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        RawS3 wrong = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, "wrong-secret-key-abcdefghijklmnopqrstuv");
        put(secrets, "a wrong secret key", "wrong-secret-key-abcdefghijklmnopqrstuv");

        // SigV4 in the header: accepted, and refused (the verifier logs the canonical request at DEBUG).
        for (RawS3 client : List.of(raw, wrong)) {
            SdkHttpRequest signed = client.sign(SdkHttpMethod.GET, "/secrets/k", null, Map.of(), null, Clock.systemUTC());
            put(secrets, "a SigV4 header signature", signature(signed.firstMatchingHeader("Authorization").orElseThrow()));
            RawS3.Result r = RawS3.send(signed, null);
            requestIds.add(r.headers().get("x-amz-request-id").get(0));
        }
        // SigV4 presigned: good, and with a wrong secret.
        for (RawS3 client : List.of(raw, wrong)) {
            URI url = client.presign(SdkHttpMethod.GET, "/secrets/k", Duration.ofMinutes(5), Clock.systemUTC());
            put(secrets, "a presigned SigV4 signature", query(url, "X-Amz-Signature"));
            RawS3.Result r = RawS3.get(url);
            requestIds.add(r.headers().get("x-amz-request-id").get(0));
        }
        assertEquals(200, RawS3.get(raw.presign(SdkHttpMethod.GET, "/secrets/k", Duration.ofMinutes(5),
                Clock.systemUTC())).status());

        // SigV2: header and presigned, good and bad.
        for (String secret : List.of(TestGateway.SECRET_KEY, "wrong-secret-key-abcdefghijklmnopqrstuv")) {
            SigV2Client v2 = new SigV2Client(gateway.endpoint(), TestGateway.ACCESS_KEY, secret);
            RawS3.Result header = v2.send("GET", "/secrets/k", "", Map.of(), null, Instant.now());
            requestIds.add(header.headers().get("x-amz-request-id").get(0));
            URI url = v2.presignGet("/secrets/k", Instant.now().plusSeconds(300));
            put(secrets, "a presigned SigV2 signature", query(url, "Signature"));
            requestIds.add(RawS3.get(url).headers().get("x-amz-request-id").get(0));
        }

        // An SSE-C key (whether or not the gateway supports SSE-C, the key must not be logged).
        byte[] customerKey = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        String sseKey = Base64.getEncoder().encodeToString(customerKey);
        put(secrets, "an SSE-C key", sseKey);
        SdkHttpRequest sse = raw.sign(SdkHttpMethod.PUT, "/secrets/sse", null, Map.of(
                "x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", sseKey,
                "x-amz-server-side-encryption-customer-key-MD5", Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("MD5").digest(customerKey))),
                "data".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        requestIds.add(RawS3.send(sse, RawS3.bytes("data".getBytes(StandardCharsets.UTF_8)))
                .headers().get("x-amz-request-id").get(0));

        // The admin API: the token, a wrong token, and a secret key it creates.
        AdminHttp admin = AdminHttp.of(gateway);
        String token = Files.readString(gateway.adminTokenFile(), StandardCharsets.US_ASCII).strip();
        put(secrets, "the admin token", token);
        assertEquals(200, admin.get("/v1/accounts").status());
        AdminHttp.Answer created = admin.post("/v1/accounts", "{\"name\":\"log-secrets\"}");
        assertEquals(201, created.status(), created.raw().body());
        put(secrets, "a created secret key", created.json().at("/key/secretKey").asText());
        String wrongToken = "not-the-admin-token-0123456789abcdefgh";
        put(secrets, "a wrong admin token", wrongToken);
        assertEquals(401, admin.withToken(wrongToken).get("/v1/accounts").status());

        // The search is not vacuous: every request above is in the log (its access-log line, written when the
        // exchange completes, which may be a moment after the client has the response).
        String log = "";
        for (int attempt = 0; attempt < 50; attempt++) {
            log = Files.readString(TEST_LOG, StandardCharsets.UTF_8);
            String current = log;
            if (requestIds.stream().allMatch(id -> current.contains("\"requestId\":\"" + id + "\""))) {
                break;
            }
            Thread.sleep(100);
        }
        for (String id : requestIds) {
            assertTrue(log.contains("\"requestId\":\"" + id + "\""), "access-log line for request " + id);
        }
        assertTrue(log.contains("SigV4 signature mismatch"), "the DEBUG mismatch lines are in the searched log");
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertTrue(secret.getValue().length() >= 16, secret.getKey() + " is long enough not to occur by chance");
            assertFalse(log.contains(secret.getValue()), secret.getKey() + " appears in " + TEST_LOG);
        }
    }

    /** Under a numbered label (several of one kind), and URL-encoded too when that spelling differs. */
    private static void put(Map<String, String> secrets, String label, String value) {
        secrets.put(label + " #" + secrets.size(), value);
        String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            secrets.put(label + " (URL-encoded) #" + secrets.size(), encoded);
        }
    }

    private static String signature(String authorization) {
        Matcher m = V4_SIGNATURE.matcher(authorization);
        assertTrue(m.find(), "a SigV4 Authorization header");
        return m.group(1);
    }

    private static String query(URI url, String name) {
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + url);
    }
}
