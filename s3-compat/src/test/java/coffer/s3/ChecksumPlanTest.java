package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.auth.BodyChecksums;
import coffer.s3.auth.BodyDigest;
import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChecksumPlanTest {
    private static final byte[] DATA = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static String drain(ChecksumPlan plan) throws Exception {
        try (InputStream in = plan.body(new ByteArrayInputStream(DATA))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return plan.value();
    }

    @Test
    void noChecksumMeansServerComputedCrc64Nvme() throws Exception {
        ChecksumPlan plan = ChecksumPlan.forObject(BodyChecksums.none(), null);
        assertEquals(ChecksumAlgorithm.CRC64NVME, plan.algorithm());
        assertTrue(plan.computed());
        // The CRC-64/NVME check value of "123456789" is 0xae8b14860a799888.
        assertEquals(Base64.getEncoder().encodeToString(MultipartChecksums.toBytes(0xae8b14860a799888L, 8)),
                drain(plan));
    }

    @Test
    void aNamedAlgorithmWithoutValueIsComputed() throws Exception {
        ChecksumPlan plan = ChecksumPlan.forObject(BodyChecksums.none(), "sha256");
        assertEquals(ChecksumAlgorithm.SHA256, plan.algorithm());
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(DATA)),
                drain(plan));
    }

    @Test
    void aSentChecksumIsStoredAsVerified() {
        ChecksumPlan plan = ChecksumPlan.forObject(new BodyChecksums(Set.of(ChecksumAlgorithm.CRC32C)), "CRC32");
        assertEquals(ChecksumAlgorithm.CRC32C, plan.algorithm());
        assertFalse(plan.computed());
        InputStream in = new ByteArrayInputStream(DATA);
        assertTrue(plan.body(in) == in, "a verified body is not tapped");
    }

    @Test
    void partsOfAnUploadWithoutAlgorithmGetCrc64NvmeWhateverTheClientSent() throws Exception {
        ChecksumPlan plan = ChecksumPlan.forPart(new BodyChecksums(Set.of(ChecksumAlgorithm.CRC32)), "CRC32",
                ChecksumAlgorithm.CRC64NVME, false);
        assertEquals(ChecksumAlgorithm.CRC64NVME, plan.algorithm());
        BodyDigest crc = ChecksumAlgorithm.CRC64NVME.newDigest();
        crc.update(DATA, 0, DATA.length);
        assertEquals(Base64.getEncoder().encodeToString(crc.finish()), drain(plan));
    }

    @Test
    void partsOfAnUploadWithAChosenAlgorithmMustCarryIt() {
        ChecksumPlan sent = ChecksumPlan.forPart(new BodyChecksums(Set.of(ChecksumAlgorithm.SHA1)), null,
                ChecksumAlgorithm.SHA1, true);
        assertFalse(sent.computed());
        ChecksumPlan named = ChecksumPlan.forPart(BodyChecksums.none(), "SHA1", ChecksumAlgorithm.SHA1, true);
        assertTrue(named.computed());
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> ChecksumPlan.forPart(
                BodyChecksums.none(), null, ChecksumAlgorithm.SHA1, true)).error());
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> ChecksumPlan.forPart(
                new BodyChecksums(Set.of(ChecksumAlgorithm.CRC32)), null, ChecksumAlgorithm.SHA1, true)).error());
    }
}
