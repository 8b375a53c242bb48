package coffer.s3;

import coffer.s3.error.ClientBodyException;
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
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures of the storage engine (and of the body stream under it) become S3 errors, decided
 * by type, never by message: {@link StoreException} by its reason, {@link QuotaExceededException} with the quota
 * in its message, SSE-C problems, a body of the wrong length, a full disk, an unavailable blob store (503
 * ServiceUnavailable, or SlowDown when it throttles), corrupt or missing blob data, any other I/O failure. Logs
 * what a client cannot be blamed for: an unavailable catalog or blob store once a minute ({@link UnavailableLog}),
 * internal failures with their stack trace. Thread-safe.
 */
final class EngineErrors {
    private static final Logger LOG = LoggerFactory.getLogger(EngineErrors.class);
    private final UnavailableLog unavailable = new UnavailableLog();
    private final UnavailableLog blobStoreUnavailable = new UnavailableLog();

    /**
     * The S3 error a request that failed with {@code e} answers; an {@link S3Exception}, also wrapped in an
     * {@link UncheckedIOException} by a body stream, is itself. Logs as described above.
     */
    public S3Exception toS3(RuntimeException e, String requestId) {
        if (e instanceof StoreException se) {
            log(se, requestId);
            return toS3(se);
        }
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof S3Exception s3) {
            return s3;
        }
        Optional<ClientBodyException> client = ClientBodyException.in(e);
        if (client.isPresent()) {
            return client.get().toS3();
        }
        if (cause instanceof CustomerKeyException k) {
            return customerKey(k);
        }
        if (cause instanceof BodyLengthMismatchException m) {
            return new S3Exception(m.tooShort() ? S3ErrorCode.INCOMPLETE_BODY : S3ErrorCode.INVALID_REQUEST,
                    m.tooShort() ? S3ErrorCode.INCOMPLETE_BODY.defaultMessage()
                            : "The request body is longer than its declared length");
        }
        if (cause instanceof InsufficientStorageException) {
            return withDefaultMessage(S3ErrorCode.INSUFFICIENT_STORAGE, cause);
        }
        if (cause instanceof BlobStoreUnavailableException u) {
            // The S3 blob store is away or throttling us after its retries: the client may retry; nothing was stored.
            blobStoreUnavailable.failed(requestId, u);
            return withDefaultMessage(u.throttled() ? S3ErrorCode.SLOW_DOWN : S3ErrorCode.SERVICE_UNAVAILABLE, u);
        }
        if (cause instanceof BlobCorruptedException || cause instanceof NoSuchFileException) {
            LOG.error("request {}: stored object data failed its integrity check or is missing", requestId, cause);
            return new S3Exception(S3ErrorCode.INTERNAL_ERROR,
                    "The stored object failed its integrity check and cannot be served");
        }
        if (cause instanceof IOException) {
            LOG.warn("request {}: I/O failure: {}", requestId, cause.toString());
            return new S3Exception(S3ErrorCode.INTERNAL_ERROR);
        }
        LOG.error("request {}: unexpected failure", requestId, e);
        return new S3Exception(S3ErrorCode.INTERNAL_ERROR);
    }

    /** The S3 error for an engine refusal, without logging (one key of a multi-object delete, say). */
    public static S3Exception toS3(StoreException e) {
        if (e instanceof QuotaExceededException q) {
            return quotaExceeded(q);
        }
        S3ErrorCode code = switch (e.reason()) {
            case NO_SUCH_BUCKET -> S3ErrorCode.NO_SUCH_BUCKET;
            case KEY_TOO_LONG -> S3ErrorCode.KEY_TOO_LONG;
            case NO_SUCH_KEY -> S3ErrorCode.NO_SUCH_KEY;
            case NO_SUCH_UPLOAD -> S3ErrorCode.NO_SUCH_UPLOAD;
            case INVALID_PART -> S3ErrorCode.INVALID_PART;
            case INVALID_PART_ORDER -> S3ErrorCode.INVALID_PART_ORDER;
            case ENTITY_TOO_SMALL -> S3ErrorCode.ENTITY_TOO_SMALL;
            case PRECONDITION_FAILED -> S3ErrorCode.PRECONDITION_FAILED;
            // A copy source that kept changing while the handler retried: the client may simply retry.
            case CONDITIONAL_REQUEST_CONFLICT, SOURCE_CHANGED -> S3ErrorCode.CONDITIONAL_REQUEST_CONFLICT;
            // Account administration is not reachable through S3; reaching these here is a server bug.
            case NO_SUCH_ACCOUNT, ACCOUNT_ALREADY_EXISTS, ACCESS_KEY_ALREADY_EXISTS -> S3ErrorCode.INTERNAL_ERROR;
            case NO_SUCH_PLAN, NO_SUCH_ACCESS_KEY, ACCOUNT_DELETED -> S3ErrorCode.INTERNAL_ERROR;
            case BUCKET_ALREADY_EXISTS -> S3ErrorCode.BUCKET_ALREADY_EXISTS;
            case BUCKET_ALREADY_OWNED_BY_YOU -> S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU;
            case BUCKET_NOT_EMPTY -> S3ErrorCode.BUCKET_NOT_EMPTY;
            case QUOTA_EXCEEDED -> S3ErrorCode.QUOTA_EXCEEDED;
            case TOO_MANY_UPLOADS -> S3ErrorCode.TOO_MANY_UPLOADS;
            case INSUFFICIENT_STORAGE -> S3ErrorCode.INSUFFICIENT_STORAGE;
            case UNAVAILABLE -> S3ErrorCode.SERVICE_UNAVAILABLE;
            case OBJECT_LOCKED -> S3ErrorCode.OBJECT_LOCKED;
            case INVALID_BUCKET_STATE -> S3ErrorCode.INVALID_BUCKET_STATE;
            case INTERNAL -> S3ErrorCode.INTERNAL_ERROR;
        };
        return withDefaultMessage(code, e);
    }

    /** 403 QuotaExceeded, naming the quota when the engine could read it. */
    public static S3Exception quotaExceeded(QuotaExceededException e) {
        String message = e.quotaBytes() < 0 ? S3ErrorCode.QUOTA_EXCEEDED.defaultMessage()
                : "Your request would exceed the storage quota of your account (" + e.quotaBytes() + " bytes).";
        return new S3Exception(S3ErrorCode.QUOTA_EXCEEDED, message, e);
    }

    /** The S3 error for a customer key (SSE-C) the stored object does not accept. */
    public static S3Exception customerKey(CustomerKeyException e) {
        return switch (e.problem()) {
            case MISSING -> new S3Exception(S3ErrorCode.INVALID_REQUEST, "The object was stored using a form of "
                    + "Server Side Encryption. The correct parameters must be provided to retrieve the object.");
            // 400 as ceph/s3-tests (and RGW) expect; AWS answers 403 AccessDenied here.
            case WRONG -> new S3Exception(S3ErrorCode.INVALID_REQUEST, "The provided encryption parameters did not"
                    + " match the ones used originally.");
            case NOT_APPLICABLE -> new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "The encryption parameters are not applicable to this object.");
            case UPLOAD_MISMATCH -> new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "The provided encryption parameters did not match the ones used originally.");
        };
    }

    private static S3Exception withDefaultMessage(S3ErrorCode code, Throwable cause) {
        return new S3Exception(code, code.defaultMessage(), cause);
    }

    private void log(StoreException e, String requestId) {
        if (e.reason() == StoreException.Reason.UNAVAILABLE) {
            unavailable.failed(requestId, e); // an outage: once, not a stack trace per request
        } else if (e.reason() == StoreException.Reason.INTERNAL) {
            LOG.error("request {}: unexpected failure", requestId, e);
        }
    }
}
