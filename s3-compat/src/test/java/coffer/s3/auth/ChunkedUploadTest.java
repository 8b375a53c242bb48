package coffer.s3.auth;

import static coffer.s3.auth.AwsExamples.clockAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * aws-chunked uploads end to end, from AWS's "Transferring Payload in Multiple Chunks" and "Including Trailing
 * Headers" examples: PUT /examplebucket/chunkObject.txt, 66560 bytes of 'a' in 64 KiB chunks.
 */
class ChunkedUploadTest {
    private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final String TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    private final Authenticator authenticator = new Authenticator(AwsExamples.LOOKUP, clockAt(AwsExamples.TIME));

    private static byte[] payload() {
        byte[] a = new byte[66560];
        Arrays.fill(a, (byte) 'a');
        return a;
    }

    private static FakeRequest signedExample(byte[] body) {
        return FakeRequest.of("PUT", "/examplebucket/chunkObject.txt", "")
                .header("Host", "s3.amazonaws.com")
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", "66560")
                .header("Content-Length", Integer.toString(body.length))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + AwsExamples.CREDENTIAL
                        + ",SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED)
                .body(body);
    }

    private static FakeRequest trailerExample(byte[] body) {
        return FakeRequest.of("PUT", "/examplebucket/chunkObject.txt", "")
                .header("Host", "s3.amazonaws.com")
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", "66560")
                .header("x-amz-trailer", "x-amz-checksum-crc32c")
                .header("Content-Length", Integer.toString(body.length))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + AwsExamples.CREDENTIAL
                        + ",SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,Signature=" + TRAILER_SEED)
                .body(body);
    }

    private static byte[] readLikeTheEngine(AuthResult result) throws Exception {
        InputStream in = result.body();
        byte[] data = in.readNBytes((int) result.contentLength());
        assertEquals(-1, in.read());
        return data;
    }

    @Test
    void awsSeedSignatureAndChunksVerify() throws Exception {
        byte[] body = ChunkedBodies.signed(payload(), 65536, ChunkedBodies.exampleSigningKey(), SEED, null);
        AuthResult result = authenticator.authenticate(signedExample(body));
        assertEquals(66560, result.contentLength());
        assertArrayEquals(payload(), readLikeTheEngine(result));
        assertEquals(Map.of(), result.checksums().verified());
    }

    @Test
    void awsTrailerExampleVerifiesAndReportsItsChecksum() throws Exception {
        byte[] body = ChunkedBodies.signed(payload(), 65536, ChunkedBodies.exampleSigningKey(), TRAILER_SEED,
                "x-amz-checksum-crc32c:sOO8/Q==");
        AuthResult result = authenticator.authenticate(trailerExample(body));
        assertArrayEquals(payload(), readLikeTheEngine(result));
        assertEquals(Map.of(ChecksumAlgorithm.CRC32C, "sOO8/Q=="), result.checksums().verified());
    }

    @Test
    void correctlySignedButWrongTrailerChecksumIsBadDigest() throws Exception {
        byte[] body = ChunkedBodies.signed(payload(), 65536, ChunkedBodies.exampleSigningKey(), TRAILER_SEED,
                "x-amz-checksum-crc32c:AAAAAA==");
        AuthResult result = authenticator.authenticate(trailerExample(body));
        InputStream in = result.body();
        assertEquals(66560, in.readNBytes(66560).length);
        assertEquals(S3ErrorCode.BAD_DIGEST, assertThrows(S3Exception.class, in::read).error());
        assertFalse(result.checksums().isComplete());
    }

    @Test
    void chunkSignedWithAnotherKeyFails() throws Exception {
        byte[] otherKey = ChunkedBodies.hmac("other".getBytes(StandardCharsets.UTF_8), "x");
        byte[] body = ChunkedBodies.signed(payload(), 65536, otherKey, SEED, null);
        AuthResult result = authenticator.authenticate(signedExample(body));
        S3Exception e = assertThrows(S3Exception.class, () -> result.body().readAllBytes());
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.error());
    }

    @Test
    void unsignedTrailerFormFromTheSdk() throws Exception {
        byte[] data = "hello world".getBytes(StandardCharsets.US_ASCII);
        // CRC32 of "hello world" is 0x0d4a1185.
        byte[] body = ChunkedBodies.unsignedTrailer(data, 8192, "x-amz-checksum-crc32:DUoRhQ==", true);
        String canonical = "PUT\n/bucket/key\n\ncontent-encoding:aws-chunked\nhost:localhost\n"
                + "x-amz-content-sha256:STREAMING-UNSIGNED-PAYLOAD-TRAILER\nx-amz-date:20130524T000000Z\n"
                + "x-amz-decoded-content-length:11\nx-amz-sdk-checksum-algorithm:CRC32\n"
                + "x-amz-trailer:x-amz-checksum-crc32\n\n"
                + "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
                + "x-amz-sdk-checksum-algorithm;x-amz-trailer\n"
                + "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        String signature = AwsExamples.sign(AwsExamples.SECRET, "20130524", "us-east-1", "20130524T000000Z", canonical);
        FakeRequest request = FakeRequest.of("PUT", "/bucket/key", "")
                .header("Host", "localhost")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-decoded-content-length", "11")
                .header("x-amz-trailer", "x-amz-checksum-crc32")
                .header("x-amz-sdk-checksum-algorithm", "CRC32")
                .header("Content-Length", Integer.toString(body.length))
                .header("Authorization", AwsExamples.authorization("content-encoding;host;x-amz-content-sha256;"
                        + "x-amz-date;x-amz-decoded-content-length;x-amz-sdk-checksum-algorithm;x-amz-trailer",
                        signature))
                .body(body);
        AuthResult result = authenticator.authenticate(request);
        assertEquals(11, result.contentLength());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result.body().transferTo(out);
        assertArrayEquals(data, out.toByteArray());
        assertEquals(Map.of(ChecksumAlgorithm.CRC32, "DUoRhQ=="), result.checksums().verified());
    }

    @Test
    void anonymousSignedStreamingIsRefused() {
        FakeRequest request = FakeRequest.of("PUT", "/b/k", "")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .header("x-amz-decoded-content-length", "0")
                .body("0;chunk-signature=00\r\n\r\n");
        assertEquals(S3ErrorCode.INVALID_REQUEST,
                assertThrows(S3Exception.class, () -> authenticator.authenticate(request)).error());
    }
}
