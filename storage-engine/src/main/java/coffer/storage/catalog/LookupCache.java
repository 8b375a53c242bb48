package coffer.storage.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rows that almost every request reads and that almost never change (access keys, buckets), kept for a short
 * time-to-live so that a request does not pay a catalog round trip for them.
 *
 * <p>Contract: only rows that exist are kept; a miss always asks the catalog, so a row created anywhere is seen at
 * once. A row changed or deleted through this process is dropped by the caller ({@link #invalidate}) after its
 * transaction commits, and is then read again; a change made by another gateway on the same database is seen
 * within the time-to-live. A load that overlaps an invalidation does not store what it read, so a stale row can
 * never outlive a local change. A zero time-to-live keeps nothing. Thread-safe.
 */
public final class LookupCache<K, V> {
    private record Entry<V>(V value, long expiresMillis) {
    }

    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Moves on every invalidation: a load that saw another value than the current one stores nothing. */
    private final AtomicLong generation = new AtomicLong();

    public LookupCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the time-to-live must not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    /** The kept row for {@code key} while it is fresh, else what {@code load} reads (kept when present). */
    public Optional<V> get(K key, Supplier<Optional<V>> load) {
        if (ttlMillis == 0) {
            return load.get();
        }
        long now = clock.millis();
        Entry<V> entry = entries.get(key);
        if (entry != null && now < entry.expiresMillis()) {
            return Optional.of(entry.value());
        }
        long seen = generation.get();
        Optional<V> loaded = load.get();
        if (loaded.isPresent()) {
            if (entries.size() >= maxEntries) {
                entries.values().removeIf(e -> e.expiresMillis() <= now);
                if (entries.size() >= maxEntries) {
                    entries.clear();
                }
            }
            entries.put(key, new Entry<>(loaded.get(), now + ttlMillis));
            if (generation.get() != seen) {
                // An invalidation ran while we read: what we read may be older than it.
                entries.remove(key);
            }
        } else {
            entries.remove(key);
        }
        return loaded;
    }

    /** Drops the row for {@code key}. */
    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** Drops every row whose value matches (a bucket by id, the keys of an account). */
    public void invalidateIf(Predicate<V> matches) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> matches.test(e.value()));
    }

    /** Rows kept now, fresh or not (tests). */
    int size() {
        return entries.size();
    }
}
