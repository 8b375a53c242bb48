package coffer.storage.accounts;

import java.util.Objects;

/** What deleting an account removed. Freed blobs are queued for the garbage collector, not yet gone. */
public record DeletionReport(String name, int keysRevoked, int bucketsDeleted, long objectsDeleted) {
    public DeletionReport {
        Objects.requireNonNull(name, "name");
    }
}
