package coffer.storage;

import java.util.Objects;

/**
 * The one exception the {@link Store} throws for catalog outcomes. The S3 layer maps {@link #reason()} to an
 * S3 error in one {@code switch}; it never looks at the message. Messages never carry secrets or SQL text.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. Adding a constant is fine; renaming one breaks the S3 layer's mapping. */
    public enum Reason {
        NO_SUCH_ACCOUNT,
        ACCOUNT_ALREADY_EXISTS,
        ACCESS_KEY_ALREADY_EXISTS,
        NO_SUCH_BUCKET,
        BUCKET_ALREADY_EXISTS,
        BUCKET_ALREADY_OWNED_BY_YOU,
        BUCKET_NOT_EMPTY,
        KEY_TOO_LONG,
        NO_SUCH_PLAN,
        NO_SUCH_ACCESS_KEY,
        /** The account is deleted: nothing about it can change any more. */
        ACCOUNT_DELETED,
        NO_SUCH_KEY,
        NO_SUCH_UPLOAD,
        /** A completed part is missing or its ETag does not match. */
        INVALID_PART,
        /** Completed parts are not in ascending order. */
        INVALID_PART_ORDER,
        /** A completed part other than the last is smaller than the minimum part size. */
        ENTITY_TOO_SMALL,
        /** A conditional write's condition does not hold. */
        PRECONDITION_FAILED,
        /** A concurrent write won between a conditional write's check and its commit. */
        CONDITIONAL_REQUEST_CONFLICT,
        /** A copy source changed between reading it and publishing the copy; read it again and retry. */
        SOURCE_CHANGED,
        /** The write does not fit the account's quota (see {@code coffer.storage.quota.Quotas}). */
        QUOTA_EXCEEDED,
        /** The account has as many multipart uploads in progress as it may (see {@code MultipartLimits}). */
        TOO_MANY_UPLOADS,
        /** The blob store's disk is full (or below its free space reserve): nothing was stored. */
        INSUFFICIENT_STORAGE,
        /** The database cannot be reached, the pool is exhausted, or contention did not clear: retry later. */
        UNAVAILABLE,
        /** The version is under an object lock (retention or legal hold) that forbids the change. */
        OBJECT_LOCKED,
        /** Object lock is not enabled on the bucket (or versioning is not in the state the request needs). */
        INVALID_BUCKET_STATE,
        /** Anything unexpected; details are in the cause, never in the message sent to clients. */
        INTERNAL
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
