package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class FileSizeLimitTest {

    private static InputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }

    @Test
    void withinTheRangeReadsThrough() throws Exception {
        assertEquals(10, new FileSizeLimit(bytes(10), 10, 10).readAllBytes().length);
        assertEquals(0, new FileSizeLimit(bytes(0), 0, 5).readAllBytes().length);
    }

    @Test
    void tooLargeFailsAsSoonAsTheMaximumIsPassed() throws Exception {
        FileSizeLimit limit = new FileSizeLimit(bytes(11), 0, 10);
        assertEquals(10, limit.readNBytes(10).length);
        assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, assertThrows(S3Exception.class, limit::read).error());
    }

    @Test
    void tooSmallFailsAtEof() throws Exception {
        FileSizeLimit limit = new FileSizeLimit(bytes(9), 10, 20);
        assertEquals(9, limit.readNBytes(9).length);
        assertEquals(S3ErrorCode.ENTITY_TOO_SMALL, assertThrows(S3Exception.class, limit::read).error());
    }

    @Test
    void skippedBytesCount() {
        FileSizeLimit limit = new FileSizeLimit(bytes(100), 0, 50);
        assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, assertThrows(S3Exception.class, () -> {
            while (limit.skip(30) > 0) {
                // keep skipping
            }
        }).error());
    }
}
