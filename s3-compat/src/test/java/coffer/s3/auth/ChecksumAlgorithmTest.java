package coffer.s3.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumAlgorithmTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static byte[] digest(ChecksumAlgorithm algorithm, byte[] data) {
        BodyDigest digest = algorithm.newDigest();
        digest.update(data, 0, data.length);
        return digest.finish();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void crcCatalogueCheckValues() {
        assertEquals("cbf43926", hex(digest(ChecksumAlgorithm.CRC32, CHECK)));
        assertEquals("e3069283", hex(digest(ChecksumAlgorithm.CRC32C, CHECK)));
        assertEquals("ae8b14860a799888", hex(digest(ChecksumAlgorithm.CRC64NVME, CHECK)));
    }

    @Test
    void crc64NvmeOfNothingIsZero() {
        Crc64Nvme crc = new Crc64Nvme();
        assertEquals(0L, crc.getValue());
    }

    @Test
    void crc64NvmeSlicingAgreesWithByteAtATime() {
        byte[] data = new byte[10_007];
        new Random(42).nextBytes(data);
        Crc64Nvme bulk = new Crc64Nvme();
        bulk.update(data, 0, data.length);
        Crc64Nvme single = new Crc64Nvme();
        for (byte b : data) {
            single.update(b);
        }
        Crc64Nvme split = new Crc64Nvme();
        split.update(data, 0, 3);
        split.update(data, 3, data.length - 3);
        assertEquals(single.getValue(), bulk.getValue());
        assertEquals(single.getValue(), split.getValue());
        bulk.reset();
        bulk.update(CHECK, 0, CHECK.length);
        assertEquals(0xae8b14860a799888L, bulk.getValue());
    }

    @Test
    void awsTrailerExampleCrc32c() {
        // AWS "Signature calculations for trailing headers": 66560 bytes of 'a' carry x-amz-checksum-crc32c:sOO8/Q==
        byte[] a = new byte[66560];
        Arrays.fill(a, (byte) 'a');
        assertEquals("sOO8/Q==", Base64.getEncoder().encodeToString(digest(ChecksumAlgorithm.CRC32C, a)));
    }

    @Test
    void shaDigests() {
        assertEquals("f7c3bc1d808e04732adf679965ccc34ca7ae3441", hex(digest(ChecksumAlgorithm.SHA1, CHECK)));
        assertEquals("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
                hex(digest(ChecksumAlgorithm.SHA256, CHECK)));
    }

    @Test
    void headerNamesAndLookup() {
        assertEquals("x-amz-checksum-crc64nvme", ChecksumAlgorithm.CRC64NVME.headerName());
        assertEquals(ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.fromHeaderName("X-Amz-Checksum-CRC32C").orElseThrow());
        assertEquals(true, ChecksumAlgorithm.fromHeaderName("x-amz-checksum-md5").isEmpty());
        assertEquals(true, ChecksumAlgorithm.fromHeaderName("x-amz-checksum-algorithm").isEmpty());
    }

    @Test
    void decodeValueRejectsBadBase64AndWrongLength() {
        assertArrayEquals(HexFormat.of().parseHex("cbf43926"), ChecksumAlgorithm.CRC32.decodeValue("y/Q5Jg=="));
        S3Exception notBase64 = assertThrows(S3Exception.class, () -> ChecksumAlgorithm.CRC32.decodeValue("@@@"));
        assertEquals(S3ErrorCode.INVALID_REQUEST, notBase64.error());
        S3Exception tooLong = assertThrows(S3Exception.class,
                () -> ChecksumAlgorithm.CRC32.decodeValue("AAAAAAAAAAA="));
        assertEquals(S3ErrorCode.INVALID_REQUEST, tooLong.error());
    }
}
