package coffer.storage;

import java.time.Instant;
import java.util.Objects;

/** A bucket: globally unique name, owning account, region, versioning state (docs/versioning.md). */
public record Bucket(long id, String name, long ownerId, String region, Instant created, Versioning versioning) {
    public Bucket {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(versioning, "versioning");
    }

    /** A bucket that was never versioned. */
    public Bucket(long id, String name, long ownerId, String region, Instant created) {
        this(id, name, ownerId, region, created, Versioning.UNVERSIONED);
    }

    public Bucket withVersioning(Versioning state) {
        return new Bucket(id, name, ownerId, region, created, state);
    }
}
