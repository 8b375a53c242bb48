package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** SigV4 by header and by query string (presigned), and the errors of failed authentication. */
class AuthIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static RawS3 raw;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        s3.createBucket(b -> b.bucket("auth"));
        s3.putObject(b -> b.bucket("auth").key("doc.txt"), RequestBody.fromString("presigned content"));
    }

    @Test
    void presignedGetAndPutWithTheSdkPresigner() throws Exception {
        try (S3Presigner presigner = gateway.presigner()) {
            URI get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket("auth").key("doc.txt"))).url().toURI();
            RawS3.Result got = RawS3.get(get);
            assertEquals(200, got.status());
            assertEquals("presigned content", got.body());

            URI put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(o -> o.bucket("auth").key("uploaded by url"))).url().toURI();
            assertEquals(200, RawS3.put(put, "sent with a presigned URL").status());
            assertEquals("sent with a presigned URL",
                    s3.getObjectAsBytes(b -> b.bucket("auth").key("uploaded by url")).asUtf8String());
        }
    }

    @Test
    void presignedUrlsLiveUpToSevenDaysRegardlessOfClockSkewWindow() throws Exception {
        Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        URI stillValid = raw.presign(SdkHttpMethod.GET, "/auth/doc.txt", Duration.ofDays(7), dayAgo);
        assertEquals(200, RawS3.get(stillValid).status());

        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        URI expired = raw.presign(SdkHttpMethod.GET, "/auth/doc.txt", Duration.ofHours(1), twoHoursAgo);
        RawS3.Result r = RawS3.get(expired);
        assertEquals(403, r.status());
        assertEquals("AccessDenied", r.errorCode());
        assertEquals(true, r.body().contains("expired"), r.body());
    }

    @Test
    void wrongSecretUnknownKeyAndAnonymous() throws Exception {
        try (S3Client wrong = gateway.client(TestGateway.ACCESS_KEY, "not-the-secret-key-000000000000000000000",
                false, RequestChecksumCalculation.WHEN_SUPPORTED)) {
            S3Exception e = assertThrows(S3Exception.class, wrong::listBuckets);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
        try (S3Client unknown = gateway.client("NOSUCHACCESSKEY00000", "whatever-secret-0000000000000000000000",
                false, RequestChecksumCalculation.WHEN_SUPPORTED)) {
            S3Exception e = assertThrows(S3Exception.class, unknown::listBuckets);
            assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
        RawS3.Result anonymous = RawS3.get(URI.create(gateway.endpoint() + "/auth/doc.txt"));
        assertEquals(403, anonymous.status());
        assertEquals("AccessDenied", anonymous.errorCode());
    }

    @Test
    void skewedClockIsRefused() throws Exception {
        Clock skewed = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        var signed = raw.sign(SdkHttpMethod.GET, "/auth/doc.txt", null, Map.of(), null, skewed);
        RawS3.Result r = RawS3.send(signed, null);
        assertEquals(403, r.status());
        assertEquals("RequestTimeTooSkewed", r.errorCode());
    }

    @Test
    void malformedAuthorizationHeader() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/auth"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=garbage, SignedHeaders=host, Signature=00")
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .header("x-amz-date", "20260101T000000Z").GET().build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode());
        assertEquals(true, response.body().contains("<Code>AuthorizationHeaderMalformed</Code>"), response.body());
    }
}
