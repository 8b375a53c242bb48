package coffer.it.crash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the clients know for sure: for every key, its last ACKNOWLEDGED state, and the operation on it whose
 * outcome is unknown (started, but no answer came before the kill). After a restart the key must be in the
 * acknowledged state or, if an operation was pending, in the state that operation would have produced; nothing
 * else is acceptable. Each key is written by one client thread at a time, so a key has at most one pending
 * operation. A multipart upload changes its key only at CompleteMultipartUpload, so only the Complete is logged
 * (begun when it is sent, acknowledged when it answers); its earlier requests leave the key as it was.
 * Thread-safe (every method is synchronized; contention is negligible next to an HTTP request).
 */
final class AckLog {
    private static final class Entry {
        ObjectState acked = ObjectState.ABSENT;
        ObjectState pending;
        long lastVersion;
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long acknowledgedPuts;
    private long acknowledgedDeletes;
    private long acknowledgedCompletes;

    AckLog(List<String> keys) {
        keys.forEach(k -> entries.put(k, new Entry()));
    }

    synchronized List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** A version number never used before for {@code key}, in this run or an earlier cycle. */
    synchronized long nextVersion(String key) {
        return ++entry(key).lastVersion;
    }

    /** Records that an operation leading to {@code target} is about to be sent. */
    synchronized void begin(String key, ObjectState target) {
        Entry e = entry(key);
        if (e.pending != null) {
            throw new IllegalStateException(key + " already has an operation pending");
        }
        e.pending = target;
    }

    /** The server answered success for the pending operation: its state is now the acknowledged one. */
    synchronized void acknowledge(String key) {
        Entry e = entry(key);
        if (e.pending.multipart()) {
            acknowledgedCompletes++;
        } else if (e.pending.present()) {
            acknowledgedPuts++;
        } else {
            acknowledgedDeletes++;
        }
        e.acked = e.pending;
        e.pending = null;
    }

    synchronized ObjectState acknowledged(String key) {
        return entry(key).acked;
    }

    synchronized boolean hasPending(String key) {
        return entry(key).pending != null;
    }

    /** The state the pending operation on {@code key} would produce, or null if none is pending. */
    synchronized ObjectState pending(String key) {
        return entry(key).pending;
    }

    /** The states {@code key} may be found in after a crash. */
    synchronized Set<ObjectState> allowed(String key) {
        Entry e = entry(key);
        return e.pending == null || e.pending.equals(e.acked) ? Set.of(e.acked) : Set.of(e.acked, e.pending);
    }

    /** After verification: what was found is now the known state, and nothing is pending. */
    synchronized void settle(String key, ObjectState found) {
        Entry e = entry(key);
        e.acked = found;
        e.pending = null;
    }

    synchronized long pendingCount() {
        return entries.values().stream().filter(e -> e.pending != null).count();
    }

    /** How many pending operations are multipart Completes. */
    synchronized long pendingCompletes() {
        return entries.values().stream().filter(e -> e.pending != null && e.pending.multipart()).count();
    }

    /** Acknowledged single PUTs (multipart Completes are counted apart). */
    synchronized long acknowledgedPuts() {
        return acknowledgedPuts;
    }

    synchronized long acknowledgedDeletes() {
        return acknowledgedDeletes;
    }

    synchronized long acknowledgedCompletes() {
        return acknowledgedCompletes;
    }

    private Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new IllegalArgumentException("unknown key " + key);
        }
        return e;
    }
}
