package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.QuotaExceededException;
import coffer.storage.StoreException;
import org.junit.jupiter.api.Test;

/** Engine refusals as {@link EngineErrors} maps them without logging (one key of a multi-object delete). */
class StoreRefusalsTest {
    @Test
    void aQuotaRefusalIs403QuotaExceededNamingTheQuotaWhenKnown() {
        S3Exception known = EngineErrors.toS3(new QuotaExceededException(1000, 5000));
        assertEquals(S3ErrorCode.QUOTA_EXCEEDED, known.error());
        assertEquals(403, known.error().status());
        assertEquals("Your request would exceed the storage quota of your account (1000 bytes).", known.getMessage());
        S3Exception unknown = EngineErrors.toS3(new QuotaExceededException(-1, 5000));
        assertEquals(S3ErrorCode.QUOTA_EXCEEDED.defaultMessage(), unknown.getMessage());
    }

    @Test
    void storeReasonsMapToTheirS3Codes() {
        assertEquals(S3ErrorCode.NO_SUCH_UPLOAD,
                EngineErrors.toS3(new StoreException(StoreException.Reason.NO_SUCH_UPLOAD, "x")).error());
        assertEquals(S3ErrorCode.BUCKET_NOT_EMPTY,
                EngineErrors.toS3(new StoreException(StoreException.Reason.BUCKET_NOT_EMPTY, "x")).error());
    }
}
