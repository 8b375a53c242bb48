package coffer.s3.auth;

import static coffer.s3.auth.AwsExamples.clockAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Header-signed and anonymous requests through the public entry point. */
class AuthenticatorTest {
    private final Authenticator authenticator = new Authenticator(AwsExamples.LOOKUP, clockAt(AwsExamples.TIME));

    private static S3ErrorCode refusal(Authenticator authenticator, FakeRequest request) {
        return assertThrows(S3Exception.class, () -> authenticator.authenticate(request)).error();
    }

    private S3ErrorCode refusal(FakeRequest request) {
        return refusal(authenticator, request);
    }

    @Test
    void awsGetObjectExampleAuthenticates() {
        AuthResult result = authenticator.authenticate(AwsExamples.getObject());
        assertEquals(42L, result.principal().orElseThrow().accountId());
        assertEquals(AwsExamples.ACCESS_KEY, result.principal().orElseThrow().accessKeyId());
        assertEquals(-1, result.contentLength());
    }

    @Test
    void awsPutObjectExampleAuthenticatesAndItsBodyVerifies() throws Exception {
        for (String path : new String[] {"/test%24file.text", "/test$file.text"}) {
            AuthResult result = authenticator.authenticate(AwsExamples.putObject(path));
            assertEquals(21, result.contentLength());
            assertEquals(AwsExamples.PUT_BODY, new String(result.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void bodyThatDoesNotMatchTheSignedHashFailsAtEof() throws Exception {
        AuthResult result = authenticator.authenticate(AwsExamples.putObject("/test%24file.text")
                .body("Welcome to Amazon S4."));
        InputStream in = result.body();
        assertEquals(21, in.readNBytes(21).length);
        assertEquals(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH,
                assertThrows(S3Exception.class, in::read).error());
    }

    @Test
    void awsBucketExamplesWithQueriesAuthenticate() {
        assertTrue(authenticator.authenticate(AwsExamples.bucketGet("lifecycle", AwsExamples.LIFECYCLE_SIGNATURE))
                .principal().isPresent());
        assertTrue(authenticator.authenticate(AwsExamples.bucketGet("max-keys=2&prefix=J",
                AwsExamples.LIST_SIGNATURE)).principal().isPresent());
        assertTrue(authenticator.authenticate(AwsExamples.bucketGet("prefix=J&max-keys=2",
                AwsExamples.LIST_SIGNATURE)).principal().isPresent(), "parameter order does not matter");
    }

    @Test
    void tamperedRequestDoesNotMatch() {
        FakeRequest request = AwsExamples.getObject().removeHeader("Range").header("Range", "bytes=0-99");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, refusal(request));
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                refusal(AwsExamples.bucketGet("max-keys=3&prefix=J", AwsExamples.LIST_SIGNATURE)));
    }

    @Test
    void wrongSecretDoesNotMatch() {
        CredentialLookup other = key -> Optional.of(new Credential(key, "not-the-secret", 1L));
        S3Exception e = assertThrows(S3Exception.class,
                () -> new Authenticator(other, clockAt(AwsExamples.TIME)).authenticate(AwsExamples.getObject()));
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.error());
        assertFalse(e.getMessage().contains(AwsExamples.GET_OBJECT_SIGNATURE));
    }

    @Test
    void unknownAccessKeyIsInvalid() {
        Authenticator nobody = new Authenticator(key -> Optional.empty(), clockAt(AwsExamples.TIME));
        S3Exception e = assertThrows(S3Exception.class, () -> nobody.authenticate(AwsExamples.getObject()));
        assertEquals(S3ErrorCode.INVALID_ACCESS_KEY_ID, e.error());
        assertEquals(Map.of("AWSAccessKeyId", AwsExamples.ACCESS_KEY), e.details());
    }

    @Test
    void clockSkewBeyondFifteenMinutesIsRefused() {
        for (Duration offset : new Duration[] {Duration.ofMinutes(16), Duration.ofMinutes(-16)}) {
            Authenticator skewed = new Authenticator(AwsExamples.LOOKUP, clockAt(AwsExamples.TIME.plus(offset)));
            assertEquals(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, refusal(skewed, AwsExamples.getObject()));
        }
        Authenticator near = new Authenticator(AwsExamples.LOOKUP,
                clockAt(AwsExamples.TIME.plus(Duration.ofMinutes(14))));
        assertTrue(near.authenticate(AwsExamples.getObject()).principal().isPresent());
    }

    @Test
    void missingPayloadHashOrDateIsRefused() {
        assertEquals(S3ErrorCode.INVALID_REQUEST,
                refusal(AwsExamples.getObject().removeHeader("x-amz-content-sha256")));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT,
                refusal(AwsExamples.getObject().removeHeader("x-amz-content-sha256")
                        .header("x-amz-content-sha256", "nonsense")));
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(AwsExamples.getObject().removeHeader("x-amz-date")));
    }

    @Test
    void malformedAuthorizationHeaders() {
        String[] broken = {
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/ec2/aws4_request,"
                    + "SignedHeaders=host,Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws5_request,"
                    + "SignedHeaders=host,Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20131324/us-east-1/s3/aws4_request,"
                    + "SignedHeaders=host,Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3,"
                    + "SignedHeaders=host,Signature=00",
            "AWS4-HMAC-SHA256 Credential=" + AwsExamples.CREDENTIAL + ",SignedHeaders=host",
            "AWS4-HMAC-SHA256 Credential=" + AwsExamples.CREDENTIAL + ",SignedHeaders=range,Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130523/us-east-1/s3/aws4_request,"
                    + "SignedHeaders=host,Signature=00",
            "AWS4-HMAC-SHA256Credential=x",
        };
        for (String header : broken) {
            FakeRequest request = AwsExamples.getObject().removeHeader("Authorization").header("Authorization", header);
            assertEquals(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, refusal(request), header);
        }
    }

    @Test
    void anyRegionIsAccepted() {
        String canonical = "GET\n/bucket/key\n\nhost:localhost:9000\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n"
                + "x-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD";
        String signature = AwsExamples.sign(AwsExamples.SECRET, "20130524", "garage", "20130524T000000Z", canonical);
        FakeRequest request = FakeRequest.of("GET", "/bucket/key", "")
                .header("Host", "localhost:9000")
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .header("x-amz-date", "20130524T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + AwsExamples.ACCESS_KEY
                        + "/20130524/garage/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                        + "Signature=" + signature);
        assertTrue(authenticator.authenticate(request).principal().isPresent());
    }

    @Test
    void aRawPlusVerifiesWhicheverWayTheClientMeantIt() {
        for (String signedQuery : new String[] {"prefix=a%20b", "prefix=a%2Bb"}) {
            String canonical = "GET\n/bucket\n" + signedQuery + "\nhost:h\nx-amz-content-sha256:" + AwsExamples.EMPTY_SHA256
                    + "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n"
                    + AwsExamples.EMPTY_SHA256;
            String signature = AwsExamples.sign(AwsExamples.SECRET, "20130524", "us-east-1", "20130524T000000Z",
                    canonical);
            FakeRequest request = FakeRequest.of("GET", "/bucket", "prefix=a+b")
                    .header("Host", "h")
                    .header("x-amz-content-sha256", AwsExamples.EMPTY_SHA256)
                    .header("x-amz-date", "20130524T000000Z")
                    .header("Authorization", AwsExamples.authorization("host;x-amz-content-sha256;x-amz-date",
                            signature));
            assertTrue(authenticator.authenticate(request).principal().isPresent(), signedQuery);
        }
    }

    @Test
    void anonymousRequestsPassWithTheirBodyChecked() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        AuthResult result = authenticator.authenticate(FakeRequest.of("PUT", "/b/k", "")
                .header("Content-Length", "5").body(data));
        assertTrue(result.principal().isEmpty());
        assertEquals(5, result.contentLength());
        assertArrayEquals(data, result.body().readAllBytes());

        AuthResult badMd5 = authenticator.authenticate(FakeRequest.of("PUT", "/b/k", "")
                .header("Content-Length", "5").header("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==").body(data));
        assertEquals(S3ErrorCode.BAD_DIGEST, assertThrows(S3Exception.class, () -> badMd5.body().readAllBytes())
                .error());
    }

    @Test
    void sigV2ReachesItsVerifier() {
        // Details in SigV2Test; here only that both forms are routed to it.
        FakeRequest header = FakeRequest.of("GET", "/b/k", "").header("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:abc=");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(header)); // no Date header
        FakeRequest query = FakeRequest.of("GET", "/b/k",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1369353600&Signature=abc%3D");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, refusal(query));
    }

    @Test
    void twoAuthMechanismsAreRefused() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE)
                .header("Authorization", AwsExamples.authorization("host", "00"));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refusal(request));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT,
                refusal(FakeRequest.of("GET", "/", "").header("Authorization", "Bearer token")));
    }

    @Test
    void credentialToStringHidesTheSecret() {
        Credential credential = new Credential("AK", "very-secret", 7L);
        assertFalse(credential.toString().contains("very-secret"));
        assertTrue(credential.toString().contains("AK"));
    }

    @Test
    void futureTimestampsAreAlsoSkewed() {
        Authenticator early = new Authenticator(AwsExamples.LOOKUP, clockAt(Instant.parse("2013-05-23T23:00:00Z")));
        assertEquals(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, refusal(early, AwsExamples.getObject()));
    }
}
