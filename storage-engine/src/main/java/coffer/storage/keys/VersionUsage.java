package coffer.storage.keys;

import coffer.storage.crypto.SealedColumn;
import java.util.Map;

/**
 * One master key version: whether this gateway holds it, whether it is current, and how many catalog values of
 * each {@link SealedColumn} are under it (columns with none are absent).
 */
public record VersionUsage(int version, boolean loaded, boolean current, Map<SealedColumn, Long> rows) {
    public VersionUsage {
        rows = Map.copyOf(rows);
    }

    /** All values under this version. */
    public long total() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
