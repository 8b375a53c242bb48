package coffer.s3.auth;

import static coffer.s3.auth.AwsExamples.clockAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import org.junit.jupiter.api.Test;

/** Requests Coffer cannot verify are client errors (4xx), never 501 or 5xx (issue 10, malformed requests). */
class UnverifiableRequestsTest {
    private static final Authenticator AUTHENTICATOR = new Authenticator(AwsExamples.LOOKUP,
            clockAt(AwsExamples.TIME));

    private static S3ErrorCode refusal(FakeRequest request) {
        return assertThrows(S3Exception.class, () -> AUTHENTICATOR.authenticate(request)).error();
    }

    @Test
    void aSigV4aSignatureIsAnUnsupportedAuthorizationType() {
        FakeRequest request = AwsExamples.getObject().removeHeader("Authorization").header("Authorization",
                "AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/s3/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=3045022100ab");
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refusal(request));
    }

    @Test
    void aSigV4aStreamingPayloadIsRefused() {
        FakeRequest request = AwsExamples.getObject().removeHeader("x-amz-content-sha256")
                .header("x-amz-content-sha256", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD");
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refusal(request));
    }

    @Test
    void anEmptyXAmzDateIsNotReplacedByTheDateHeader() {
        FakeRequest request = AwsExamples.getObject().removeHeader("x-amz-date").header("x-amz-date", "")
                .header("Date", "Fri, 24 May 2013 00:00:00 GMT");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(request));
        FakeRequest blank = AwsExamples.getObject().removeHeader("x-amz-date").header("x-amz-date", "  ")
                .header("Date", "Fri, 24 May 2013 00:00:00 GMT");
        assertEquals(S3ErrorCode.ACCESS_DENIED, refusal(blank));
    }
}
