package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SigV4 primitives against the intermediate values AWS publishes. */
class SigV4SigningTest {
    private static final CredentialScope SCOPE = new CredentialScope(AwsExamples.ACCESS_KEY, "20130524", "us-east-1", "s3");

    private static String canonical(FakeRequest request, String signedHeaders, String payload, Set<String> excluded) {
        List<String> names = List.of(signedHeaders.split(";"));
        return CanonicalRequest.of(request.method(), request.rawPath(),
                CanonicalRequest.canonicalQuery(coffer.s3.http.QueryParams.parse(request.rawQuery()), excluded, true),
                CanonicalRequest.canonicalHeaders(request, names), signedHeaders, payload);
    }

    private static String signature(String canonicalRequest) {
        return SigV4Signing.signature(SigV4Signing.signingKey(AwsExamples.SECRET, SCOPE),
                SigV4Signing.stringToSign("20130524T000000Z", SCOPE.scope(), canonicalRequest));
    }

    @Test
    void signingKeyMatchesTheAwsGeneralReferenceExample() {
        // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
        CredentialScope iam = new CredentialScope("AKIDEXAMPLE", "20120215", "us-east-1", "iam");
        assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", HexFormat.of()
                .formatHex(SigV4Signing.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", iam)));
        assertEquals(HexFormat.of().formatHex(ChunkedBodies.exampleSigningKey()),
                HexFormat.of().formatHex(SigV4Signing.signingKey(AwsExamples.SECRET, SCOPE)));
    }

    @Test
    void getObjectExample() {
        String canonical = canonical(AwsExamples.getObject(), "host;range;x-amz-content-sha256;x-amz-date",
                AwsExamples.EMPTY_SHA256, Set.of());
        assertEquals("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                + "x-amz-content-sha256:" + AwsExamples.EMPTY_SHA256 + "\nx-amz-date:20130524T000000Z\n\n"
                + "host;range;x-amz-content-sha256;x-amz-date\n" + AwsExamples.EMPTY_SHA256, canonical);
        assertEquals("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", sha256(canonical));
        assertEquals(AwsExamples.GET_OBJECT_SIGNATURE, signature(canonical));
    }

    @Test
    void putObjectExample() {
        String canonical = canonical(AwsExamples.putObject("/test%24file.text"),
                "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", AwsExamples.PUT_SHA256, Set.of());
        assertEquals("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d", sha256(canonical));
        assertEquals(AwsExamples.PUT_OBJECT_SIGNATURE, signature(canonical));
    }

    @Test
    void getBucketLifecycleExample() {
        String canonical = canonical(AwsExamples.bucketGet("lifecycle", "x"), "host;x-amz-content-sha256;x-amz-date",
                AwsExamples.EMPTY_SHA256, Set.of());
        assertEquals("9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca", sha256(canonical));
        assertEquals(AwsExamples.LIFECYCLE_SIGNATURE, signature(canonical));
    }

    @Test
    void listObjectsExample() {
        String canonical = canonical(AwsExamples.bucketGet("max-keys=2&prefix=J", "x"),
                "host;x-amz-content-sha256;x-amz-date", AwsExamples.EMPTY_SHA256, Set.of());
        assertEquals("df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7", sha256(canonical));
        assertEquals(AwsExamples.LIST_SIGNATURE, signature(canonical));
    }

    @Test
    void presignedUrlExample() {
        String canonical = canonical(AwsExamples.presignedGet("86400", AwsExamples.PRESIGNED_SIGNATURE), "host",
                "UNSIGNED-PAYLOAD", Set.of("X-Amz-Signature"));
        assertEquals("3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04", sha256(canonical));
        assertEquals(AwsExamples.PRESIGNED_SIGNATURE, signature(canonical));
    }

    private static String sha256(String s) {
        return ChunkedBodies.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }
}
