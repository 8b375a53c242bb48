package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.QuotaExceededException;
import coffer.storage.StoreException;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobStoreUnavailableException;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.InsufficientStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The one mapping from engine failures to S3 errors. */
class EngineErrorsTest {
    private final EngineErrors errors = new EngineErrors();

    private S3Exception map(RuntimeException e) {
        return errors.toS3(e, "req-1");
    }

    private S3Exception mapIo(IOException e) {
        return map(new UncheckedIOException(e));
    }

    @Test
    void storeRefusalsByReason() {
        assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, map(new StoreException(StoreException.Reason.NO_SUCH_UPLOAD, "x")).error());
        assertEquals(S3ErrorCode.BUCKET_NOT_EMPTY,
                map(new StoreException(StoreException.Reason.BUCKET_NOT_EMPTY, "x")).error());
        assertEquals(S3ErrorCode.SERVICE_UNAVAILABLE,
                map(new StoreException(StoreException.Reason.UNAVAILABLE, "db down")).error());
        assertEquals(S3ErrorCode.INTERNAL_ERROR, map(new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "x")).error());
    }

    @Test
    void aQuotaRefusalNamesTheQuota() {
        S3Exception e = map(new QuotaExceededException(1000, 2000));
        assertEquals(S3ErrorCode.QUOTA_EXCEEDED, e.error());
        assertEquals("Your request would exceed the storage quota of your account (1000 bytes).", e.getMessage());
        assertEquals(S3ErrorCode.QUOTA_EXCEEDED.defaultMessage(), map(new QuotaExceededException(-1, 2000)).getMessage());
    }

    @Test
    void bodyAndBlobFailures() {
        assertEquals(S3ErrorCode.INCOMPLETE_BODY, mapIo(new BodyLengthMismatchException(10, true)).error());
        assertEquals(S3ErrorCode.INVALID_REQUEST, mapIo(new BodyLengthMismatchException(10, false)).error());
        assertEquals(S3ErrorCode.INVALID_REQUEST,
                mapIo(new CustomerKeyException(CustomerKeyException.Problem.WRONG, "wrong key")).error());
        assertEquals(S3ErrorCode.INSUFFICIENT_STORAGE, mapIo(new InsufficientStorageException("full")).error());
        assertEquals(S3ErrorCode.INTERNAL_ERROR, mapIo(new BlobCorruptedException("flipped")).error());
        assertEquals(S3ErrorCode.INTERNAL_ERROR, mapIo(new IOException("disk")).error());
    }

    @Test
    void anUnavailableBlobStoreIs503AndThrottlingIsSlowDown() {
        S3Exception away = mapIo(new BlobStoreUnavailableException("connection refused", false, null));
        assertEquals(S3ErrorCode.SERVICE_UNAVAILABLE, away.error());
        assertEquals(503, away.error().status());
        S3Exception slow = mapIo(new BlobStoreUnavailableException("SlowDown", true, null));
        assertEquals(S3ErrorCode.SLOW_DOWN, slow.error());
        assertEquals(503, slow.error().status());
    }

    @Test
    void anS3ErrorIsItself() {
        S3Exception bad = new S3Exception(S3ErrorCode.BAD_DIGEST);
        assertSame(bad, map(bad));
    }
}
