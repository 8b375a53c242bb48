package coffer.storage.blob.volume;

import coffer.storage.blob.BlobId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * In memory: blob id to {@link VolumeLocation} for every live blob record, and per volume the bytes of live and
 * dead records. Rebuilt by scanning the volumes at start, never persisted (the volumes are the truth).
 *
 * <p>Memory: a key is two longs (not the 32-character id string), so an entry costs about 105 bytes on a 64-bit
 * JVM with compressed pointers (key 24, location 32, map node 32, table slot ~16; measured with one million
 * entries on JDK 17, see docs/architecture.md): about 105 MB per million small blobs. Thread-safe.
 */
final class VolumeIndex {
    /** The 128 bits of a blob id, compactly. */
    private record Key(long high, long low) {
        static Key of(BlobId id) {
            String v = id.value();
            return new Key(Long.parseUnsignedLong(v.substring(0, 16), 16),
                    Long.parseUnsignedLong(v.substring(16), 16));
        }

        BlobId toId() {
            return new BlobId(String.format("%016x%016x", high, low));
        }
    }

    /** Live and dead record bytes of one volume (dead: deleted blobs and tombstones, reclaimable by compaction). */
    static final class Usage {
        private final AtomicLong liveBytes = new AtomicLong();
        private final AtomicLong deadBytes = new AtomicLong();
        private final AtomicLong liveRecords = new AtomicLong();

        long liveBytes() {
            return liveBytes.get();
        }

        long deadBytes() {
            return deadBytes.get();
        }

        long liveRecords() {
            return liveRecords.get();
        }
    }

    private final Map<Key, VolumeLocation> locations = new ConcurrentHashMap<>();
    private final Map<Integer, Usage> usage = new ConcurrentHashMap<>();

    /** Records a live blob. A second record of the same id (never written by one engine) replaces the first. */
    void put(BlobId id, VolumeLocation location) {
        usage(location.volume()).liveRecords.incrementAndGet();
        usage(location.volume()).liveBytes.addAndGet(location.recordLength());
        VolumeLocation old = locations.put(Key.of(id), location);
        if (old != null) {
            markDead(old);
        }
    }

    Optional<VolumeLocation> get(BlobId id) {
        return Optional.ofNullable(locations.get(Key.of(id)));
    }

    /** Forgets a deleted blob and counts its record as dead; false when it was not here. */
    boolean remove(BlobId id) {
        VolumeLocation old = locations.remove(Key.of(id));
        if (old != null) {
            markDead(old);
        }
        return old != null;
    }

    /** Counts bytes that were never live (tombstones, damaged records) as dead in {@code volume}. */
    void addDead(int volume, long bytes) {
        usage(volume).deadBytes.addAndGet(bytes);
    }

    int size() {
        return locations.size();
    }

    /** Every live blob; weakly consistent with concurrent changes. */
    void forEach(BiConsumer<BlobId, VolumeLocation> action) {
        locations.forEach((k, v) -> action.accept(k.toId(), v));
    }

    Usage usage(int volume) {
        return usage.computeIfAbsent(volume, v -> new Usage());
    }

    Map<Integer, Usage> usageByVolume() {
        return Map.copyOf(usage);
    }

    private void markDead(VolumeLocation old) {
        Usage u = usage(old.volume());
        u.liveRecords.decrementAndGet();
        u.liveBytes.addAndGet(-old.recordLength());
        u.deadBytes.addAndGet(old.recordLength());
    }
}
