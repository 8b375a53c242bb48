package coffer.s3.auth;

import static coffer.s3.auth.AwsExamples.clockAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@code x-amz-*} header of a SigV4 request must be signed (issue 10, item 2), in the header and the
 * presigned form, except {@code x-amz-content-sha256}; AWS's own signed examples stay valid.
 */
class SignedHeaderCoverageTest {
    private static final Authenticator AUTHENTICATOR = new Authenticator(AwsExamples.LOOKUP,
            clockAt(AwsExamples.TIME));

    private static S3Exception refusal(FakeRequest request) {
        return assertThrows(S3Exception.class, () -> AUTHENTICATOR.authenticate(request));
    }

    private static void assertNotSigned(FakeRequest request, String names) {
        S3Exception e = refusal(request);
        assertEquals(S3ErrorCode.ACCESS_DENIED, e.error());
        assertEquals("There were headers present in the request which were not signed", e.getMessage());
        assertEquals(Map.of("HeadersNotSigned", names), e.details());
    }

    @Test
    void aPresignedUrlSentWithACopySourceAndAGrantIsRefused() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE)
                .header("x-amz-copy-source", "/bucket/private").header("X-Amz-Grant-Read", "uri=AllUsers");
        assertNotSigned(request, "x-amz-copy-source, x-amz-grant-read");
    }

    @Test
    void aHeaderSignedRequestReplayedWithAnAddedAclIsRefused() {
        assertTrue(AUTHENTICATOR.authenticate(AwsExamples.getObject()).principal().isPresent());
        assertNotSigned(AwsExamples.getObject().header("x-amz-acl", "public-read"), "x-amz-acl");
    }

    @Test
    void signedAmzHeadersAndThePayloadHashPass() {
        // AWS's PUT example signs x-amz-storage-class
        assertTrue(AUTHENTICATOR.authenticate(AwsExamples.putObject("/test%24file.text")).principal().isPresent());
        FakeRequest presigned = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE)
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD").header("X-Amzn-Trace-Id", "Root=1-abc");
        assertTrue(AUTHENTICATOR.authenticate(presigned).principal().isPresent());
    }

    @Test
    void aWrongSignatureIsStillASignatureMismatch() {
        FakeRequest request = AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE.replace('a', 'b'))
                .header("x-amz-acl", "public-read");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, refusal(request).error());
    }
}
