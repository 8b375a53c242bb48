package coffer.s3.handler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.body.FakeRequest;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
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
                () -> ServerSideEncryption.check(ssec(header).from("192.0.2.7", false)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, e.error());
    }

    @Test
    void customerKeysAreAcceptedOverTlsOrLoopback() {
        String h = "x-amz-server-side-encryption-customer-algorithm";
        assertDoesNotThrow(() -> ServerSideEncryption.check(ssec(h).from("192.0.2.7", true)));
        assertDoesNotThrow(() -> ServerSideEncryption.check(ssec(h).from("127.0.0.1", false)));
        assertDoesNotThrow(() -> ServerSideEncryption.check(ssec(h).from("[::1]", false)));
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
    void kmsIsStillRefusedAndSseCWithSseS3IsInvalid() {
        assertEquals(S3ErrorCode.NOT_IMPLEMENTED, assertThrows(S3Exception.class, () -> ServerSideEncryption.check(
                FakeRequest.of("PUT", "/b/k", "").header("x-amz-server-side-encryption", "aws:kms"))).error());
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> ServerSideEncryption.check(
                ssec("x-amz-server-side-encryption-customer-algorithm")
                        .header("x-amz-server-side-encryption", "AES256"))).error());
    }
}
