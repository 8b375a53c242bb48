package coffer.storage;

import java.time.Instant;

/**
 * Object lock (docs/object-lock.md): enabling it on a bucket, the retention and legal hold of one version, and the
 * permanent version delete that may bypass GOVERNANCE retention. The bucket's default retention is a configuration
 * document the S3 layer keeps ({@link BucketSettings#document}, kind {@code object-lock}) and applies to new
 * objects itself. Reached through {@link ObjectStorage#objectLocks()}. Implementations are thread-safe.
 */
public interface ObjectLocks {
    /** Enables object lock on a bucket whose versioning is ENABLED; INVALID_BUCKET_STATE, NO_SUCH_BUCKET. */
    void enableObjectLock(Bucket bucket);

    /**
     * Sets the retention of version {@code versionId} ({@code "null"}: the null version; null: the current one);
     * {@code mode} and {@code until} both null remove it. An active COMPLIANCE retention may only be extended; an
     * active GOVERNANCE retention may be shortened, removed or made COMPLIANCE only with {@code bypassGovernance}.
     * NO_SUCH_KEY, OBJECT_LOCKED.
     */
    void setRetention(Bucket bucket, String key, String versionId, ObjectLock.Mode mode, Instant until,
                      boolean bypassGovernance);

    /** Sets the legal hold of version {@code versionId} (null: the current one); NO_SUCH_KEY. */
    void setLegalHold(Bucket bucket, String key, String versionId, boolean on);

    /**
     * {@link ObjectStorage#deleteVersion}, with {@code bypassGovernance}: GOVERNANCE retention gives way. A legal
     * hold or COMPLIANCE retention never does (OBJECT_LOCKED).
     */
    DeleteOutcome deleteVersion(Bucket bucket, String key, String versionId, DeleteCondition condition,
                                boolean bypassGovernance);
}
