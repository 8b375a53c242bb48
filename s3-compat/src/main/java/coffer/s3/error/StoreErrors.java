package coffer.s3.error;

import coffer.storage.StoreException;

/** The one place where storage-engine failures become S3 errors. */
public final class StoreErrors {
    private StoreErrors() {
    }

    public static S3Exception toS3(StoreException e) {
        S3ErrorCode code = switch (e.reason()) {
            case NO_SUCH_BUCKET -> S3ErrorCode.NO_SUCH_BUCKET;
            case KEY_TOO_LONG -> S3ErrorCode.KEY_TOO_LONG;
            // Account administration is not reachable through S3; reaching these here is a server bug.
            case NO_SUCH_ACCOUNT, ACCOUNT_ALREADY_EXISTS, ACCESS_KEY_ALREADY_EXISTS -> S3ErrorCode.INTERNAL_ERROR;
            case NO_SUCH_PLAN, NO_SUCH_ACCESS_KEY, ACCOUNT_DELETED -> S3ErrorCode.INTERNAL_ERROR;
            case BUCKET_ALREADY_EXISTS -> S3ErrorCode.BUCKET_ALREADY_EXISTS;
            case BUCKET_ALREADY_OWNED_BY_YOU -> S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU;
            case BUCKET_NOT_EMPTY -> S3ErrorCode.BUCKET_NOT_EMPTY;
            case UNAVAILABLE -> S3ErrorCode.SERVICE_UNAVAILABLE;
            case INTERNAL -> S3ErrorCode.INTERNAL_ERROR;
        };
        return new S3Exception(code, code.defaultMessage(), e);
    }
}
