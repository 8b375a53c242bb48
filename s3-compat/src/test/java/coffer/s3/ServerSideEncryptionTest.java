package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.auth.FakeRequest;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.ObjectEncryption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSideEncryptionTest {
    private static FakeRequest ssec(String header) {
        return FakeRequest.of("PUT", "/b/k", "").header(header, "AES256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-amz-server-side-encryption-customer-algorithm",
        "X-Amz-Copy-Source-Server-Side-Encryption-Customer-Algorithm"})
    void customerKeysOverPlainHttpFromTheNetworkAreRefused(String header) {
        S3Exception e = assertThrows(S3Exception.class,
                () -> ServerSideEncryption.check(ssec(header).from("192.0.2.7", false), PUT));
        assertEquals(S3ErrorCode.INVALID_REQUEST, e.error());
    }

    @Test
    void customerKeysAreAcceptedOverTlsOrLoopback() {
        String h = "x-amz-server-side-encryption-customer-algorithm";
        assertDoesNotThrow(() -> ServerSideEncryption.check(ssec(h).from("192.0.2.7", true), PUT));
        assertDoesNotThrow(() -> ServerSideEncryption.check(ssec(h).from("127.0.0.1", false), PUT));
        assertDoesNotThrow(() -> ServerSideEncryption.check(ssec(h).from("[::1]", false), PUT));
    }

    @Test
    void loopbackMeansLoopbackLiterals() {
        assertTrue(ServerSideEncryption.isLoopback("127.0.0.1"));
        assertTrue(ServerSideEncryption.isLoopback("::1"));
        assertFalse(ServerSideEncryption.isLoopback("192.0.2.7"));
        assertFalse(ServerSideEncryption.isLoopback("localhost"), "host names are never resolved");
        assertFalse(ServerSideEncryption.isLoopback(null));
    }

    @Test
    void conflictingOrUnknownEncryptionIsAnInvalidArgumentOnWrites() {
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(ssec("x-amz-server-side-encryption-customer-algorithm")
                .header("x-amz-server-side-encryption", "AES256"), PUT));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(ssec("x-amz-server-side-encryption-customer-algorithm")
                .header("x-amz-server-side-encryption", "aws:kms"), PUT));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(put().header("x-amz-server-side-encryption", "AES256")
                .header("x-amz-server-side-encryption-aws-kms-key-id", "k1"), S3Operation.CopyObject));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(put()
                .header("x-amz-server-side-encryption-aws-kms-key-id", "k1"), S3Operation.CreateMultipartUpload));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(put().header("x-amz-server-side-encryption", "aes:kms"),
                PUT));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(put().header("x-amz-server-side-encryption", "aws:kms")
                .header("x-amz-server-side-encryption-aws-kms-key-id", "has space"), PUT));
    }

    @Test
    void kmsIsAcceptedOnWritesAndIgnoredOnParts() {
        FakeRequest kms = put().header("x-amz-server-side-encryption", "aws:kms")
                .header("x-amz-server-side-encryption-aws-kms-key-id", "testkey-1");
        assertDoesNotThrow(() -> ServerSideEncryption.check(kms, PUT));
        assertDoesNotThrow(() -> ServerSideEncryption.check(put().header("x-amz-server-side-encryption", "aws:kms"),
                PUT), "the account's default key");
        assertDoesNotThrow(() -> ServerSideEncryption.check(kms, S3Operation.UploadPart));
        assertEquals(S3ErrorCode.NOT_IMPLEMENTED, refused(kms.header("x-amz-server-side-encryption-context", "e30="),
                PUT));
    }

    @Test
    void encryptionHeadersAreRefusedOnReads() {
        for (S3Operation read : new S3Operation[] {S3Operation.GetObject, S3Operation.HeadObject}) {
            assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(FakeRequest.of("GET", "/b/k", "")
                    .header("x-amz-server-side-encryption", "AES256"), read));
            assertEquals(S3ErrorCode.INVALID_ARGUMENT, refused(FakeRequest.of("GET", "/b/k", "")
                    .header("x-amz-server-side-encryption-aws-kms-key-id", "testkey-1"), read));
        }
    }

    @Test
    void aes256IsEchoedUnlessTheHandlerEchoedSomethingElse() {
        S3Response plain = S3Response.ok();
        ServerSideEncryption.echo(PUT, plain);
        assertEquals("AES256", header(plain, "x-amz-server-side-encryption"));
        S3Response kms = SseHeaders.echo(S3Response.ok(), ObjectEncryption.kms("testkey-2", true));
        ServerSideEncryption.echo(PUT, kms);
        assertEquals("aws:kms", header(kms, "x-amz-server-side-encryption"));
        assertEquals("testkey-2", header(kms, "x-amz-server-side-encryption-aws-kms-key-id"));
        assertEquals("true", header(kms, "x-amz-server-side-encryption-bucket-key-enabled"));
        assertEquals(1, kms.headers().stream().filter(h -> h.getKey().equals("x-amz-server-side-encryption"))
                .count());
        S3Response list = S3Response.ok();
        ServerSideEncryption.echo(S3Operation.ListObjects, list);
        assertEquals(null, header(list, "x-amz-server-side-encryption"));
    }

    private static final S3Operation PUT = S3Operation.PutObject;

    private static FakeRequest put() {
        return FakeRequest.of("PUT", "/b/k", "");
    }

    private static S3ErrorCode refused(FakeRequest request, S3Operation op) {
        return assertThrows(S3Exception.class, () -> ServerSideEncryption.check(request, op)).error();
    }

    private static String header(S3Response response, String name) {
        return response.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(h -> h.getValue())
                .findFirst().orElse(null);
    }
}
