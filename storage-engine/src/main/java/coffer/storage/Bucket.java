package coffer.storage;

import java.time.Instant;
import java.util.Objects;

/** A bucket: globally unique name, owning account, region. */
public record Bucket(long id, String name, long ownerId, String region, Instant created) {
    public Bucket {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(created, "created");
    }
}
