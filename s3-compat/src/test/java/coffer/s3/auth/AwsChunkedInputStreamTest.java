package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsChunkedInputStreamTest {
    // AWS "Transferring Payload in Multiple Chunks", Example: PUT Object (66560 bytes of 'a', 64 KiB chunks).
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String[] CHUNK_SIGNATURES = {
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
    // AWS "Signature calculations for trailing headers", same payload with x-amz-checksum-crc32c.
    static final String TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    static final String[] TRAILER_CHUNK_SIGNATURES = {
        "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
        "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
        "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"};
    static final String TRAILER = "x-amz-checksum-crc32c:sOO8/Q==";
    static final String TRAILER_SIGNATURE = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

    static byte[] as(int n) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) 'a');
        return a;
    }

    /** The example body written out from the document's signatures. */
    static byte[] documentBody(String[] signatures, String trailerPart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("10000;chunk-signature=" + signatures[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(as(65536));
        out.writeBytes(("\r\n400;chunk-signature=" + signatures[1] + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(as(1024));
        out.writeBytes(("\r\n0;chunk-signature=" + signatures[2] + "\r\n" + trailerPart + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static ChunkSigner signer(String seed) {
        return new ChunkSigner(ChunkedBodies.exampleSigningKey(), ChunkedBodies.AMZ_DATE, ChunkedBodies.SCOPE, seed);
    }

    static AwsChunkedInputStream signed(byte[] body, String seed, boolean trailers, long decodedLength) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(body), Optional.of(signer(seed)), trailers,
                decodedLength);
    }

    static AwsChunkedInputStream unsigned(byte[] body, long decodedLength) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(body), Optional.empty(), true, decodedLength);
    }

    static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        int n;
        while ((n = in.read(buffer, 0, readSize)) != -1) {
            out.write(buffer, 0, n);
        }
        assertEquals(-1, in.read(), "EOF repeats");
        return out.toByteArray();
    }

    static S3ErrorCode failure(InputStream in) {
        S3Exception e = assertThrows(S3Exception.class, () -> readAll(in, 8192));
        S3Exception again = assertThrows(S3Exception.class, () -> in.read());
        assertSame(e, again, "a failed stream keeps failing");
        return e.error();
    }

    @Test
    void awsDocumentExampleDecodes() throws IOException {
        byte[] body = documentBody(CHUNK_SIGNATURES, "");
        assertEquals(66824, body.length, "the document's Content-Length");
        assertArrayEquals(as(66560), readAll(signed(body, SEED, false, 66560), 8192));
    }

    @Test
    void testSignerReproducesTheDocumentVectors() {
        byte[] key = ChunkedBodies.exampleSigningKey();
        assertArrayEquals(documentBody(CHUNK_SIGNATURES, ""), ChunkedBodies.signed(as(66560), 65536, key, SEED, null));
        assertArrayEquals(documentBody(TRAILER_CHUNK_SIGNATURES, TRAILER + "\r\nx-amz-trailer-signature:"
                + TRAILER_SIGNATURE + "\r\n"), ChunkedBodies.signed(as(66560), 65536, key, TRAILER_SEED, TRAILER));
    }

    @Test
    void awsTrailerExampleDecodesAndExposesTheTrailer() throws IOException {
        byte[] body = documentBody(TRAILER_CHUNK_SIGNATURES,
                TRAILER + "\r\nx-amz-trailer-signature:" + TRAILER_SIGNATURE + "\r\n");
        AwsChunkedInputStream in = signed(body, TRAILER_SEED, true, 66560);
        assertArrayEquals(as(66560), readAll(in, 1000));
        assertEquals("sOO8/Q==", in.trailers().get("x-amz-checksum-crc32c"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1023, 1024, 1025, 3 * 1024 + 5})
    void chunkBoundariesSignedAndUnsigned(int size) throws IOException {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        byte[] signedBody = ChunkedBodies.signed(payload, 1024, ChunkedBodies.exampleSigningKey(), SEED, null);
        byte[] trailerBody = ChunkedBodies.signed(payload, 1024, ChunkedBodies.exampleSigningKey(), SEED,
                "x-amz-checksum-crc32:AAAAAA==");
        byte[] unsignedBody = ChunkedBodies.unsignedTrailer(payload, 1024, "x-amz-checksum-crc32:AAAAAA==", true);
        for (int readSize : new int[] {1, 7, 1024, 65536}) {
            assertArrayEquals(payload, readAll(signed(signedBody, SEED, false, size), readSize));
            assertArrayEquals(payload, readAll(signed(trailerBody, SEED, true, size), readSize));
            assertArrayEquals(payload, readAll(unsigned(unsignedBody, size), readSize));
        }
    }

    @Test
    void singleByteReadsDecodeTheDocumentExample() throws IOException {
        AwsChunkedInputStream in = signed(documentBody(CHUNK_SIGNATURES, ""), SEED, false, 66560);
        int count = 0;
        int b;
        while ((b = in.read()) != -1) {
            assertEquals('a', b);
            count++;
        }
        assertEquals(66560, count);
    }

    @Test
    void alteredDataFailsTheChunkSignature() {
        byte[] body = documentBody(CHUNK_SIGNATURES, "");
        body[100] = 'b';
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, failure(signed(body, SEED, false, 66560)));
    }

    @Test
    void wrongSeedFailsTheFirstChunk() {
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                failure(signed(documentBody(CHUNK_SIGNATURES, ""), TRAILER_SEED, false, 66560)));
    }

    @Test
    void alteredFinalChunkSignatureFails() {
        String[] signatures = CHUNK_SIGNATURES.clone();
        signatures[2] = signatures[1];
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                failure(signed(documentBody(signatures, ""), SEED, false, 66560)));
    }

    @Test
    void missingChunkSignatureFails() {
        byte[] body = "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, failure(signed(body, SEED, false, 5)));
    }

    @Test
    void alteredTrailerFailsTheTrailerSignature() {
        byte[] body = documentBody(TRAILER_CHUNK_SIGNATURES,
                "x-amz-checksum-crc32c:AAAAAA==\r\nx-amz-trailer-signature:" + TRAILER_SIGNATURE + "\r\n");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, failure(signed(body, TRAILER_SEED, true, 66560)));
    }

    @Test
    void missingTrailerSignatureFails() {
        byte[] body = documentBody(TRAILER_CHUNK_SIGNATURES, TRAILER + "\r\n");
        assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, failure(signed(body, TRAILER_SEED, true, 66560)));
    }

    @Test
    void trailersAreRefusedWhereTheyCannotBeSigned() {
        byte[] body = documentBody(CHUNK_SIGNATURES, TRAILER + "\r\n");
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(signed(body, SEED, false, 66560)));
    }

    @Test
    void decodedLengthMustMatch() {
        byte[] body = documentBody(CHUNK_SIGNATURES, "");
        assertEquals(S3ErrorCode.INCOMPLETE_BODY, failure(signed(body, SEED, false, 66561)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(signed(body, SEED, false, 66559)));
    }

    @Test
    void everyTruncationBeforeTheFinalChunkIsIncomplete() {
        byte[] payload = "0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] body = ChunkedBodies.signed(payload, 4, ChunkedBodies.exampleSigningKey(), SEED, null);
        int finalHeaderEnd = body.length - 2; // the body ends with the final chunk's header line, then CRLF
        for (int cut = 0; cut < finalHeaderEnd; cut++) {
            byte[] prefix = Arrays.copyOf(body, cut);
            assertEquals(S3ErrorCode.INCOMPLETE_BODY, failure(signed(prefix, SEED, false, 10)), "cut at " + cut);
        }
    }

    @Test
    void unsignedTrailerWithoutFinalEmptyLineIsAccepted() throws IOException {
        byte[] payload = "hello world".getBytes(StandardCharsets.US_ASCII);
        byte[] body = ChunkedBodies.unsignedTrailer(payload, 4, "x-amz-checksum-crc32:DUoRhQ==", false);
        AwsChunkedInputStream in = unsigned(body, payload.length);
        assertArrayEquals(payload, readAll(in, 3));
        assertEquals("DUoRhQ==", in.trailers().get("x-amz-checksum-crc32"));
        byte[] noLineEnd = Arrays.copyOf(body, body.length - 2);
        AwsChunkedInputStream cut = unsigned(noLineEnd, payload.length);
        assertArrayEquals(payload, readAll(cut, 100));
        assertEquals("DUoRhQ==", cut.trailers().get("x-amz-checksum-crc32"));
    }

    @Test
    void bareLineFeedsAndUnknownExtensionsAreTolerated() throws IOException {
        byte[] body = "5;foo=bar\nhello\n0\nx-amz-checksum-crc32:NhCmhg==\n\n".getBytes(StandardCharsets.US_ASCII);
        AwsChunkedInputStream in = unsigned(body, 5);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), readAll(in, 10));
        assertEquals("NhCmhg==", in.trailers().get("x-amz-checksum-crc32"));
    }

    @Test
    void malformedFramingIsRejected() {
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(bytes("zz\r\nhello\r\n0\r\n\r\n"), 5)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(bytes("5\r\nhelloXX0\r\n\r\n"), 5)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(bytes("5\r\nhello\r\n0\r\nnot-a-header\r\n\r\n"), 5)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(bytes("5\r\nhello\r\n0\r\n\r\nextra"), 5)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(bytes("fffffffffffffff\r\nhello"), 5)));
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(bytes("5" + "0".repeat(5000) + "\r\n"), 5)));
    }

    @Test
    void repeatedTrailerIsRejected() {
        byte[] body = bytes("0\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
        assertEquals(S3ErrorCode.INVALID_REQUEST, failure(unsigned(body, 0)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
