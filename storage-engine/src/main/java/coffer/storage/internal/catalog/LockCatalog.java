package coffer.storage.internal.catalog;

import coffer.storage.DeleteCondition;
import coffer.storage.DeleteOutcome;
import coffer.storage.ObjectLock;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * The catalog's object-lock operations (docs/object-lock.md): enabling object lock on a bucket, a version's
 * retention and legal hold, the version deletes that may bypass GOVERNANCE retention, and the check that keeps an
 * account holding locked data from being deleted. One transaction each, on {@link Catalog}'s clock. Thread-safe.
 */
public final class LockCatalog {
    private final Transactions tx;
    private final Clock clock;
    private final Duration gcGrace;
    private final BucketDao buckets;
    private final ObjectDao objects;
    private final VersionedObjects versioned;
    private final UsageLedger usage;
    private final LockDao locks;
    private final LongConsumer forgetBucket;

    LockCatalog(Transactions tx, Clock clock, Duration gcGrace, BucketDao buckets, ObjectDao objects,
                VersionDao versions, VersionedObjects versioned, UsageLedger usage, LongConsumer forgetBucket) {
        this.tx = tx;
        this.clock = clock;
        this.gcGrace = gcGrace;
        this.buckets = buckets;
        this.objects = objects;
        this.versioned = versioned;
        this.usage = usage;
        this.locks = new LockDao(versions);
        this.forgetBucket = forgetBucket;
    }

    /** Enables object lock on a versioning-enabled bucket; INVALID_BUCKET_STATE, NO_SUCH_BUCKET. */
    public void enableObjectLock(long bucketId) {
        try {
            tx.write("enableObjectLock", c -> {
                if (!buckets.enableObjectLock(c, bucketId)) {
                    throw new StoreException(Reason.NO_SUCH_BUCKET, "no such bucket");
                }
                return null;
            });
        } finally {
            forgetBucket.accept(bucketId);
        }
    }

    /**
     * Sets (or, with {@code mode} and {@code until} null, removes) the retention of version {@code versionId}
     * ("null": the null version; null: the current one): see {@link LockDao#setRetention}. NO_SUCH_KEY,
     * OBJECT_LOCKED.
     */
    public void setRetention(long bucketId, String key, String versionId, ObjectLock.Mode mode, Instant until,
                             boolean bypassGovernance) {
        tx.write("setRetention", c -> {
            locks.setRetention(c, bucketId, key, versionId, mode, until, bypassGovernance, clock.instant());
            return null;
        });
    }

    /** Sets the legal hold of version {@code versionId} (null: the current one); NO_SUCH_KEY. */
    public void setLegalHold(long bucketId, String key, String versionId, boolean on) {
        tx.write("setLegalHold", c -> {
            locks.setLegalHold(c, bucketId, key, versionId, on);
            return null;
        });
    }

    /**
     * Removes one version for good ({@link VersionedObjects#deleteVersion}); OBJECT_LOCKED while its lock holds,
     * GOVERNANCE retention giving way when {@code bypassGovernance}.
     */
    public DeleteOutcome deleteVersion(long bucketId, String key, String versionId, DeleteCondition condition,
                                       boolean bypassGovernance) {
        return tx.write("deleteVersion", c -> {
            Instant now = Timestamps.truncate(clock.instant());
            VersionedObjects.Deleted deleted = versioned.deleteVersion(c, bucketId, key, versionId, condition, now,
                    now.plus(gcGrace), bypassGovernance);
            giveBack(c, bucketId, deleted.freed());
            return deleted.outcome();
        });
    }

    /**
     * Account deletion's removal of a current object: as {@link Catalog#deleteObject(long, String)}, but GOVERNANCE
     * retention gives way (COMPLIANCE retention and legal holds do not: OBJECT_LOCKED). Returns whether a row
     * existed.
     */
    public boolean shredCurrent(long bucketId, String key) {
        return tx.write("deleteObject", c -> {
            Instant now = clock.instant();
            OptionalLong removed = objects.delete(c, bucketId, key, DeleteCondition.NONE, now, now.plus(gcGrace),
                    true);
            if (removed.isPresent()) {
                usage.publish(c, bucketId, -removed.getAsLong(), -1, Reservation.NONE);
            }
            return removed.isPresent();
        });
    }

    /**
     * What keeps the account from being deleted now: a version under a legal hold or under COMPLIANCE retention,
     * described with its bucket, key, version and date; empty when nothing does.
     */
    public Optional<String> blockingAccountDeletion(long accountId) {
        return tx.read("blockingAccountDeletion", c -> locks.blockingAccountDeletion(c, accountId,
                clock.instant()));
    }

    private void giveBack(Connection c, long bucketId, VersionedObjects.Freed freed) throws SQLException {
        if (freed.objects() > 0 || freed.bytes() > 0) {
            usage.publish(c, bucketId, -freed.bytes(), -freed.objects(), Reservation.NONE);
        }
    }
}
