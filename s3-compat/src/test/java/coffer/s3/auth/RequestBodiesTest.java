package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
    private static final byte[] DATA = "123456789".getBytes(StandardCharsets.US_ASCII);
    private static final String CRC32_B64 = "y/Q5Jg==";            // 0xcbf43926
    private static final String CRC64NVME_B64 = "rosUhgp5mIg=";    // 0xae8b14860a799888

    private static FakeRequest put(byte[] body) {
        return FakeRequest.of("PUT", "/bucket/key", "").header("Content-Length", Integer.toString(body.length))
                .body(body);
    }

    private static DecodedBody open(FakeRequest request) {
        return RequestBodies.open(request, PayloadHash.unsigned(), Optional.empty());
    }

    /** Reads as the storage engine does: exactly the stated length, then once more expecting EOF. */
    private static byte[] readLikeTheEngine(DecodedBody body) throws IOException {
        InputStream in = body.body();
        byte[] data = in.readNBytes((int) body.contentLength());
        assertEquals(body.contentLength(), data.length);
        assertEquals(-1, in.read());
        return data;
    }

    private static S3ErrorCode failureAtEof(DecodedBody body) throws IOException {
        InputStream in = body.body();
        byte[] data = in.readNBytes((int) body.contentLength());
        assertEquals(body.contentLength(), data.length, "the payload itself streams through");
        return assertThrows(S3Exception.class, in::read).error();
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void plainBodyWithMatchingSha256() throws Exception {
        String hex = ChunkedBodies.sha256Hex(DATA);
        DecodedBody body = RequestBodies.open(put(DATA), PayloadHash.parse(hex), Optional.empty());
        assertEquals(9, body.contentLength());
        assertArrayEquals(DATA, readLikeTheEngine(body));
        assertTrue(body.checksums().requested().isEmpty());
    }

    @Test
    void sha256MismatchFailsOnTheEofRead() throws Exception {
        String wrong = ChunkedBodies.sha256Hex("other".getBytes(StandardCharsets.US_ASCII));
        DecodedBody body = RequestBodies.open(put(DATA), PayloadHash.parse(wrong), Optional.empty());
        assertEquals(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH, failureAtEof(body));
    }

    @Test
    void contentMd5IsVerified() throws Exception {
        String md5 = b64(MessageDigest.getInstance("MD5").digest(DATA));
        assertArrayEquals(DATA, readLikeTheEngine(open(put(DATA).header("Content-MD5", md5))));
        String other = b64(MessageDigest.getInstance("MD5").digest(new byte[1]));
        assertEquals(S3ErrorCode.BAD_DIGEST, failureAtEof(open(put(DATA).header("Content-MD5", other))));
    }

    @Test
    void malformedContentMd5IsInvalidDigest() {
        assertEquals(S3ErrorCode.INVALID_DIGEST, assertThrows(S3Exception.class,
                () -> open(put(DATA).header("Content-MD5", "not base64!"))).error());
        assertEquals(S3ErrorCode.INVALID_DIGEST, assertThrows(S3Exception.class,
                () -> open(put(DATA).header("Content-MD5", b64(new byte[15])))).error());
    }

    @Test
    void everyChecksumHeaderIsVerifiedAndReported() throws Exception {
        CRC32C crc32c = new CRC32C();
        crc32c.update(DATA);
        Map<ChecksumAlgorithm, String> expected = Map.of(
                ChecksumAlgorithm.CRC32, CRC32_B64,
                ChecksumAlgorithm.CRC32C, b64(new byte[] {(byte) 0xe3, 0x06, (byte) 0x92, (byte) 0x83}),
                ChecksumAlgorithm.CRC64NVME, CRC64NVME_B64,
                ChecksumAlgorithm.SHA1, b64(MessageDigest.getInstance("SHA-1").digest(DATA)),
                ChecksumAlgorithm.SHA256, b64(MessageDigest.getInstance("SHA-256").digest(DATA)));
        assertEquals(0xe3069283L, crc32c.getValue());
        for (Map.Entry<ChecksumAlgorithm, String> e : expected.entrySet()) {
            DecodedBody body = open(put(DATA).header(e.getKey().headerName(), e.getValue())
                    .header("x-amz-sdk-checksum-algorithm", "CRC32"));
            assertEquals(Set.of(e.getKey()), body.checksums().requested());
            assertFalse(body.checksums().isComplete(), "nothing is verified before EOF");
            readLikeTheEngine(body);
            assertTrue(body.checksums().isComplete());
            assertEquals(Map.of(e.getKey(), e.getValue()), body.checksums().verified());
        }
    }

    @Test
    void checksumHeaderMismatchIsBadDigest() throws Exception {
        CRC32 crc = new CRC32();
        crc.update(new byte[] {1});
        String wrong = b64(new byte[] {0, 0, 0, (byte) crc.getValue()});
        DecodedBody body = open(put(DATA).header("x-amz-checksum-crc32", wrong));
        assertEquals(S3ErrorCode.BAD_DIGEST, failureAtEof(body));
        assertFalse(body.checksums().isComplete());
        assertTrue(body.checksums().verified().isEmpty());
    }

    @Test
    void malformedOrMultipleChecksumHeadersAreRefusedBeforeReading() {
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class,
                () -> open(put(DATA).header("x-amz-checksum-crc32", "%%%"))).error());
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class,
                () -> open(put(DATA).header("x-amz-checksum-crc32", CRC32_B64)
                        .header("x-amz-checksum-crc64nvme", CRC64NVME_B64))).error());
    }

    @Test
    void unsignedTrailerChecksumIsVerified() throws Exception {
        byte[] framed = ChunkedBodies.unsignedTrailer(DATA, 4, "x-amz-checksum-crc64nvme:" + CRC64NVME_B64, true);
        DecodedBody body = RequestBodies.open(chunkedRequest(framed, "x-amz-checksum-crc64nvme"),
                PayloadHash.parse(PayloadHash.STREAMING_UNSIGNED_TRAILER), Optional.empty());
        assertEquals(9, body.contentLength(), "the decoded length, not the framed one");
        assertArrayEquals(DATA, readLikeTheEngine(body));
        assertEquals(Optional.of(CRC64NVME_B64), body.checksums().value(ChecksumAlgorithm.CRC64NVME));
    }

    @Test
    void wrongOrMissingTrailerChecksumFails() throws Exception {
        byte[] wrong = ChunkedBodies.unsignedTrailer(DATA, 4, "x-amz-checksum-crc32:AAAAAA==", true);
        assertEquals(S3ErrorCode.BAD_DIGEST, failureAtEof(RequestBodies.open(
                chunkedRequest(wrong, "x-amz-checksum-crc32"),
                PayloadHash.parse(PayloadHash.STREAMING_UNSIGNED_TRAILER), Optional.empty())));
        byte[] missing = ChunkedBodies.unsignedTrailer(DATA, 4, null, true);
        assertEquals(S3ErrorCode.INVALID_REQUEST, failureAtEof(RequestBodies.open(
                chunkedRequest(missing, "x-amz-checksum-crc32"),
                PayloadHash.parse(PayloadHash.STREAMING_UNSIGNED_TRAILER), Optional.empty())));
    }

    @Test
    void awsChunkedNeedsTheDecodedLength() {
        FakeRequest request = chunkedRequest(ChunkedBodies.unsignedTrailer(DATA, 4, null, true), null)
                .removeHeader("x-amz-decoded-content-length");
        assertEquals(S3ErrorCode.MISSING_CONTENT_LENGTH, assertThrows(S3Exception.class,
                () -> RequestBodies.open(request, PayloadHash.parse(PayloadHash.STREAMING_UNSIGNED_TRAILER),
                        Optional.empty())).error());
    }

    @Test
    void contentEncodingAloneSelectsAwsChunkedDecoding() throws Exception {
        FakeRequest request = chunkedRequest(ChunkedBodies.unsignedTrailer(DATA, 4, null, true), null);
        assertArrayEquals(DATA, readLikeTheEngine(open(request)));
    }

    @Test
    void signedStreamingNeedsASigner() {
        FakeRequest request = chunkedRequest(ChunkedBodies.unsignedTrailer(DATA, 4, null, true), null);
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> RequestBodies.open(
                request, PayloadHash.parse(PayloadHash.STREAMING_SIGNED), Optional.empty())).error());
    }

    @Test
    void trailerHeaderNeedsAnAwsChunkedBody() {
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class,
                () -> open(put(DATA).header("x-amz-trailer", "x-amz-checksum-crc32"))).error());
    }

    @Test
    void shortBodyIsIncomplete() throws Exception {
        FakeRequest request = FakeRequest.of("PUT", "/b/k", "").header("Content-Length", "10").body(DATA);
        InputStream in = open(request).body();
        assertArrayEquals(DATA, in.readNBytes(9));
        assertEquals(S3ErrorCode.INCOMPLETE_BODY, assertThrows(S3Exception.class, in::read).error());
    }

    @Test
    void noLengthStatedIsMinusOne() throws Exception {
        DecodedBody body = open(FakeRequest.of("PUT", "/b/k", "").body(DATA));
        assertEquals(-1, body.contentLength());
        assertArrayEquals(DATA, body.body().readAllBytes());
    }

    @Test
    void contentEncodingHelpers() {
        assertTrue(ContentEncodings.hasAwsChunked("gzip, AWS-Chunked"));
        assertFalse(ContentEncodings.hasAwsChunked("gzip"));
        assertEquals(Optional.of("gzip"), ContentEncodings.withoutAwsChunked("aws-chunked,gzip"));
        assertEquals(Optional.empty(), ContentEncodings.withoutAwsChunked("aws-chunked"));
    }

    private static FakeRequest chunkedRequest(byte[] framed, String trailer) {
        FakeRequest request = FakeRequest.of("PUT", "/bucket/key", "")
                .header("Content-Encoding", "aws-chunked")
                .header("Content-Length", Integer.toString(framed.length))
                .header("x-amz-decoded-content-length", Integer.toString(DATA.length))
                .body(framed);
        return trailer == null ? request : request.header("x-amz-trailer", trailer);
    }
}
