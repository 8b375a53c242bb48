package coffer.storage.keys;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One master key version: whether this gateway holds it, whether it is current, and how many catalog values are
 * under it, by column: {@code rows} maps a column's name, {@code table.column} (e.g. {@code object.wrapped_key},
 * {@code access_key.secret_sealed}; docs/storage-format.md lists them), to its count, in name order; columns with
 * none are absent.
 */
public record VersionUsage(int version, boolean loaded, boolean current, Map<String, Long> rows) {
    public VersionUsage {
        rows = Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    /** All values under this version. */
    public long total() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
