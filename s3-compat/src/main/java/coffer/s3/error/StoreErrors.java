package coffer.s3.error;

import coffer.storage.StoreException;
import coffer.storage.quota.QuotaExceededException;

/** The one place where storage-engine failures become S3 errors. */
public final class StoreErrors {
    private StoreErrors() {
    }

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
            case INTERNAL -> S3ErrorCode.INTERNAL_ERROR;
        };
        return new S3Exception(code, code.defaultMessage(), e);
    }

    /**
     * 403 QuotaExceeded, naming the quota when it is known. The engine refuses a write's reservation before its
     * body is read, so the answer goes out before Jetty sends {@code 100 Continue}; a publish refused at commit
     * (growth beyond the reservation) is the same answer.
     */
    private static S3Exception quotaExceeded(QuotaExceededException e) {
        String message = e.quotaBytes() < 0 ? S3ErrorCode.QUOTA_EXCEEDED.defaultMessage()
                : "Your request would exceed the storage quota of your account (" + e.quotaBytes() + " bytes).";
        return new S3Exception(S3ErrorCode.QUOTA_EXCEEDED, message, e);
    }
}
