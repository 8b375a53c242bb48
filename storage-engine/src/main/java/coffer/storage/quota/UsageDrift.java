package coffer.storage.quota;

import java.util.Objects;

/**
 * One account's usage as recorded before a reconciliation and as recomputed from the object table.
 * Drift is recorded minus actual: positive means the counters claimed more than is stored.
 */
public record UsageDrift(long accountId, String name, long recordedBytes, long actualBytes, long recordedObjects,
                         long actualObjects) {
    public UsageDrift {
        Objects.requireNonNull(name, "name");
    }

    public long driftBytes() {
        return recordedBytes - actualBytes;
    }

    public long driftObjects() {
        return recordedObjects - actualObjects;
    }

    public boolean hasDrift() {
        return driftBytes() != 0 || driftObjects() != 0;
    }
}
