package coffer.storage.internal.catalog;

import coffer.storage.Bucket;
import coffer.storage.DeleteCondition;
import coffer.storage.ObjectRecord;
import coffer.storage.lifecycle.LifecycleConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The catalog's side of the lifecycle worker (docs/lifecycle.md): the buckets that have a configuration (a bucket
 * document of kind {@value LifecycleConfiguration#DOCUMENT}), and the expiry of a current version, which acts only
 * if the version is still the one the worker saw. Thread-safe.
 */
public final class LifecycleCatalog {
    private final Transactions tx;
    private final Clock clock;
    private final Duration gcGrace;
    private final ObjectDao objects;
    private final VersionedObjects versioned;
    private final UsageLedger usage;
    private final BucketDao buckets = new BucketDao();

    LifecycleCatalog(Transactions tx, Clock clock, Duration gcGrace, ObjectDao objects,
                     VersionedObjects versioned, UsageLedger usage) {
        this.tx = tx;
        this.clock = clock;
        this.gcGrace = gcGrace;
        this.objects = objects;
        this.versioned = versioned;
        this.usage = usage;
    }

    /** Up to {@code limit} buckets with a configuration, read now, in id order after {@code afterId}. */
    public List<Map.Entry<Bucket, LifecycleConfiguration>> buckets(long afterId, int limit) {
        return tx.read("lifecycleBuckets", c -> buckets.withDocument(c, LifecycleConfiguration.DOCUMENT, afterId,
                limit)).stream().map(e -> Map.entry(e.getKey(), LifecycleConfiguration.decode(e.getValue())))
                .toList();
    }

    /**
     * Expires the current version {@code seen} of its key: in a versioned bucket a delete marker becomes the newest
     * version, else the object is deleted, exactly as DeleteObject does. One transaction, and only if the key's
     * current row is still {@code seen} (same version id, ETag and Last-Modified): false otherwise, so a repeated
     * or overlapping run never expires a newer object nor adds a second marker.
     */
    public boolean expireCurrent(Bucket bucket, ObjectRecord seen) {
        return tx.write("lifecycleExpire", c -> {
            Optional<ObjectDao.Current> current = ObjectDao.lock(c, bucket.id(), KeyBytes.utf8(seen.key()));
            if (current.isEmpty() || !Objects.equals(current.get().versionId(), seen.versionId())
                    || !current.get().etag().equals(seen.etag())
                    || !current.get().lastModified().equals(seen.lastModified())) {
                return false;
            }
            Instant now = Timestamps.truncate(clock.instant());
            if (bucket.versioning().versioned()) {
                VersionedObjects.Freed freed = versioned.delete(c, bucket.id(), seen.key(), DeleteCondition.NONE,
                        now, now.plus(gcGrace), bucket.versioning()).freed();
                if (freed.objects() > 0 || freed.bytes() > 0) {
                    usage.publish(c, bucket.id(), -freed.bytes(), -freed.objects(), Reservation.NONE);
                }
            } else {
                OptionalLong removed = objects.delete(c, bucket.id(), seen.key(), DeleteCondition.NONE, now,
                        now.plus(gcGrace));
                if (removed.isPresent()) {
                    usage.publish(c, bucket.id(), -removed.getAsLong(), -1, Reservation.NONE);
                }
            }
            return true;
        });
    }
}
