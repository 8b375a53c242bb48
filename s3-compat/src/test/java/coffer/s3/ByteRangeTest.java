package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void singleRanges() {
        assertEquals(Optional.of(new ByteRange(0, 9)), ByteRange.parse("bytes=0-9", 100));
        assertEquals(Optional.of(new ByteRange(90, 99)), ByteRange.parse("bytes=90-", 100));
        assertEquals(Optional.of(new ByteRange(90, 99)), ByteRange.parse("bytes=-10", 100));
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=-1000", 100));
        assertEquals(Optional.of(new ByteRange(50, 99)), ByteRange.parse("bytes=50-5000", 100));
        assertEquals("bytes 50-99/100", new ByteRange(50, 99).contentRange(100));
    }

    @Test
    void ignoredRangesServeTheWholeObject() {
        assertEquals(Optional.empty(), ByteRange.parse(null, 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-6", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=9-3", 100));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-3", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=-", 100));
    }

    @Test
    void unsatisfiableRanges() {
        for (String r : new String[] {"bytes=100-", "bytes=100-200", "bytes=-0"}) {
            assertEquals(S3ErrorCode.INVALID_RANGE,
                    assertThrows(S3Exception.class, () -> ByteRange.parse(r, 100)).error(), r);
        }
        assertEquals(S3ErrorCode.INVALID_RANGE,
                assertThrows(S3Exception.class, () -> ByteRange.parse("bytes=0-", 0)).error());
    }
}
