package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.ObjectChecksum;
import coffer.storage.multipart.ChecksumCombiner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedObjectChecksumTest {
    private static final ObjectChecksum COMPOSITE =
            new ObjectChecksum("SHA256", ObjectChecksum.COMPOSITE, "uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3");
    private static final ObjectChecksum FULL = new ObjectChecksum("CRC32", ObjectChecksum.FULL_OBJECT, "y/Q5Jg==");

    @Test
    void aCompositeValueMatchesWithOrWithoutItsPartCount() {
        ExpectedObjectChecksum with = new ExpectedObjectChecksum(ChecksumAlgorithm.SHA256, COMPOSITE.value());
        ExpectedObjectChecksum without = new ExpectedObjectChecksum(ChecksumAlgorithm.SHA256,
                "uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=");
        assertTrue(with.matches(COMPOSITE));
        assertTrue(without.matches(COMPOSITE));
        assertFalse(new ExpectedObjectChecksum(ChecksumAlgorithm.SHA256, "bad").matches(COMPOSITE));
        assertFalse(new ExpectedObjectChecksum(ChecksumAlgorithm.SHA1, COMPOSITE.value()).matches(COMPOSITE));
    }

    @Test
    void aFullObjectValueMustBeExact() {
        assertTrue(new ExpectedObjectChecksum(ChecksumAlgorithm.CRC32, "y/Q5Jg==").matches(FULL));
        assertFalse(new ExpectedObjectChecksum(ChecksumAlgorithm.CRC32, "y/Q5Jw==").matches(FULL));
    }

    @Test
    void theCheckingCombinerRefusesAMismatchOrNoChecksumWithBadDigest() {
        ExpectedObjectChecksum expected = new ExpectedObjectChecksum(ChecksumAlgorithm.CRC32, "y/Q5Jg==");
        assertEquals(Optional.of(FULL), expected.checking((u, p) -> Optional.of(FULL)).combine(null, List.of()));
        S3Exception none = assertThrows(S3Exception.class,
                () -> expected.checking(ChecksumCombiner.NONE).combine(null, List.of()));
        assertEquals(S3ErrorCode.BAD_DIGEST, none.error());
        S3Exception other = assertThrows(S3Exception.class, () -> expected.checking((u, p) -> Optional.of(
                new ObjectChecksum("CRC32", ObjectChecksum.FULL_OBJECT, "AAAAAA=="))).combine(null, List.of()));
        assertEquals(S3ErrorCode.BAD_DIGEST, other.error());
    }
}
