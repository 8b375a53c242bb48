package coffer.storage;

import java.time.Instant;
import java.util.Objects;

/** An account: owns buckets and access keys. */
public record Account(long id, String name, Instant created) {
    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
    }
}
