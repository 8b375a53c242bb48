package coffer.s3.auth;

import static coffer.s3.auth.AwsExamples.clockAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Presigned URLs (query-string SigV4), from AWS's example GET of test.txt valid for 86400 s. */
class PresignedTest {

    private static Authenticator at(Instant now) {
        return new Authenticator(AwsExamples.LOOKUP, clockAt(now));
    }

    private static S3ErrorCode refusal(Instant now, FakeRequest request) {
        return assertThrows(S3Exception.class, () -> at(now).authenticate(request)).error();
    }

    @Test
    void awsExampleAuthenticates() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE);
        assertEquals(42L, at(AwsExamples.TIME).authenticate(request).principal().orElseThrow().accountId());
    }

    @Test
    void validForItsWholeLifetimeRegardlessOfTheSkewWindow() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE);
        assertTrue(at(AwsExamples.TIME.plus(Duration.ofHours(23))).authenticate(request).principal().isPresent());
        assertTrue(at(AwsExamples.TIME.plusSeconds(86400)).authenticate(request).principal().isPresent());
    }

    @Test
    void expiredIsRefused() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE);
        S3Exception e = assertThrows(S3Exception.class,
                () -> at(AwsExamples.TIME.plusSeconds(86401)).authenticate(request));
        assertEquals(S3ErrorCode.REQUEST_EXPIRED, e.error());
        assertEquals("AccessDenied", e.error().code());
    }

    @Test
    void datedInTheFutureIsRefused() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE);
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(AwsExamples.TIME.minus(Duration.ofMinutes(16)), request));
        assertTrue(at(AwsExamples.TIME.minus(Duration.ofMinutes(14))).authenticate(request).principal().isPresent());
    }

    @Test
    void expiresMustBeOneSecondToSevenDays() {
        for (String expires : new String[] {"0", "-1", "604801", "soon"}) {
            assertEquals(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    refusal(AwsExamples.TIME, AwsExamples.presignedGet(expires, AwsExamples.PRESIGNED_SIGNATURE)),
                    expires);
        }
        // In range but not what was signed: the signature covers X-Amz-Expires.
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                refusal(AwsExamples.TIME, AwsExamples.presignedGet("604800", AwsExamples.PRESIGNED_SIGNATURE)));
    }

    @Test
    void wrongSignatureOrUnknownKey() {
        String wrong = AwsExamples.PRESIGNED_SIGNATURE.replace('a', 'b');
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                refusal(AwsExamples.TIME, AwsExamples.presignedGet("86400", wrong)));
        FakeRequest otherKey = FakeRequest.of("GET", "/test.txt", AwsExamples.presignedQuery("86400",
                AwsExamples.PRESIGNED_SIGNATURE).replace("AKIAIOSFODNN7EXAMPLE", "AKIANOBODY"))
                .header("Host", AwsExamples.HOST);
        assertEquals(S3ErrorCode.INVALID_ACCESS_KEY_ID, refusal(AwsExamples.TIME, otherKey));
    }

    @Test
    void missingOrMalformedParameters() {
        String query = AwsExamples.presignedQuery("86400", AwsExamples.PRESIGNED_SIGNATURE);
        String[] broken = {
            query.replace("&X-Amz-Date=20130524T000000Z", ""),
            query.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"),
            query.replace("X-Amz-Date=20130524T000000Z", "X-Amz-Date=2013-05-24"),
            query.replace("%2Fs3%2F", "%2Fec2%2F"),
            query.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=range"),
        };
        for (String q : broken) {
            FakeRequest request = FakeRequest.of("GET", "/test.txt", q).header("Host", AwsExamples.HOST);
            assertEquals(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, refusal(AwsExamples.TIME, request), q);
        }
    }

    @Test
    void extraUnsignedHostChangesTheSignature() {
        FakeRequest request = FakeRequest.of("GET", "/test.txt",
                AwsExamples.presignedQuery("86400", AwsExamples.PRESIGNED_SIGNATURE)).header("Host", "evil.example");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, refusal(AwsExamples.TIME, request));
    }
}
