package coffer.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket: globally unique name, owning account, region, versioning state (docs/versioning.md), and whether object
 * lock is enabled on it (docs/object-lock.md; such a bucket is versioned and never suspended).
 */
public record Bucket(long id, String name, long ownerId, String region, Instant created, Versioning versioning,
                     boolean objectLock) {
    public Bucket {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(versioning, "versioning");
    }

    /** A bucket without object lock. */
    public Bucket(long id, String name, long ownerId, String region, Instant created, Versioning versioning) {
        this(id, name, ownerId, region, created, versioning, false);
    }

    /** A bucket that was never versioned. */
    public Bucket(long id, String name, long ownerId, String region, Instant created) {
        this(id, name, ownerId, region, created, Versioning.UNVERSIONED);
    }

    public Bucket withVersioning(Versioning state) {
        return new Bucket(id, name, ownerId, region, created, state, objectLock);
    }

    /** This bucket with object lock enabled. */
    public Bucket withObjectLock() {
        return new Bucket(id, name, ownerId, region, created, versioning, true);
    }
}
