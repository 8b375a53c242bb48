package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobId;
import java.util.Arrays;
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
 * entries on JDK 17, see docs/architecture.md): about 105 MB per million small blobs. Each dead blob record
 * (deleted or superseded, until compaction drops its volume) costs roughly 80 bytes more (estimated). Thread-safe.
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
        /** The part of {@code deadBytes} that is dead blob records: always dropped when the volume is compacted. */
        private final AtomicLong deadRecordBytes = new AtomicLong();

        long liveBytes() {
            return liveBytes.get();
        }

        long deadBytes() {
            return deadBytes.get();
        }

        long liveRecords() {
            return liveRecords.get();
        }

        long deadRecordBytes() {
            return deadRecordBytes.get();
        }
    }

    private final Map<Key, VolumeLocation> locations = new ConcurrentHashMap<>();
    private final Map<Integer, Usage> usage = new ConcurrentHashMap<>();
    /**
     * For every blob record still on disk that is not its blob's live record (deleted, or superseded by a copy),
     * the volumes holding such records, one entry per record. Compaction keeps a tombstone while its blob has a
     * record here outside the volume being compacted.
     */
    private final Map<Key, int[]> deadCopies = new ConcurrentHashMap<>();
    /** The volume of each tombstone counted live by {@link #addKeptTombstone}. */
    private final Map<Key, Integer> keptTombstones = new ConcurrentHashMap<>();

    /** Records a live blob. A second record of the same id (never written by one engine) replaces the first. */
    void put(BlobId id, VolumeLocation location) {
        usage(location.volume()).liveRecords.incrementAndGet();
        usage(location.volume()).liveBytes.addAndGet(location.recordLength());
        VolumeLocation old = locations.put(Key.of(id), location);
        if (old != null) {
            markDead(id, old);
        }
    }

    Optional<VolumeLocation> get(BlobId id) {
        return Optional.ofNullable(locations.get(Key.of(id)));
    }

    /** Forgets a deleted blob and counts its record as dead; false when it was not here. */
    boolean remove(BlobId id) {
        VolumeLocation old = locations.remove(Key.of(id));
        if (old != null) {
            markDead(id, old);
        }
        return old != null;
    }

    /**
     * Counts blob {@code id}'s tombstone in {@code volume}, which must be kept (its blob still has a record
     * elsewhere), as live bytes: compacting its volume would not reclaim it. Once the blob's last other record is
     * gone ({@link #dropVolume}), the tombstone counts as dead.
     */
    void addKeptTombstone(BlobId id, int volume) {
        usage(volume).liveBytes.addAndGet(VolumeRecord.HEADER_LENGTH);
        keptTombstones.put(Key.of(id), volume);
    }

    /** Counts bytes that were never live (tombstones, damaged records) as dead in {@code volume}. */
    void addDead(int volume, long bytes) {
        usage(volume).deadBytes.addAndGet(bytes);
    }

    /**
     * Compaction's switch: if blob {@code id} lives in volume {@code from}, it now lives at {@code to}, and the old
     * record is a dead copy until its volume is dropped. False (nothing changed) when it does not live there any
     * more (deleted meanwhile).
     */
    boolean moveIfIn(BlobId id, int from, VolumeLocation to) {
        VolumeLocation[] old = new VolumeLocation[1];
        locations.computeIfPresent(Key.of(id), (k, cur) -> {
            if (cur.volume() != from) {
                return cur;
            }
            old[0] = cur;
            return to;
        });
        if (old[0] == null) {
            return false;
        }
        usage(to.volume()).liveRecords.incrementAndGet();
        usage(to.volume()).liveBytes.addAndGet(to.recordLength());
        markDead(id, old[0]);
        return true;
    }

    /** A blob record written dead (compaction copied a blob deleted meanwhile). */
    void addDeadRecord(BlobId id, VolumeLocation at) {
        usage(at.volume()).deadBytes.addAndGet(at.recordLength());
        usage(at.volume()).deadRecordBytes.addAndGet(at.recordLength());
        deadCopies.merge(Key.of(id), new int[] {at.volume()}, VolumeIndex::concat);
    }

    /** Whether blob {@code id} has a dead record on disk in a volume other than {@code volume}. */
    boolean hasDeadCopyOutside(BlobId id, int volume) {
        int[] volumes = deadCopies.get(Key.of(id));
        return volumes != null && Arrays.stream(volumes).anyMatch(v -> v != volume);
    }

    /** Volume {@code volume} is gone from disk: forgets its figures and its dead records. */
    void dropVolume(int volume) {
        usage.remove(volume);
        keptTombstones.values().removeIf(v -> v == volume);
        for (Key k : deadCopies.keySet()) {
            boolean[] last = new boolean[1];
            deadCopies.computeIfPresent(k, (key, volumes) -> {
                int[] left = Arrays.stream(volumes).filter(v -> v != volume).toArray();
                last[0] = left.length == 0;
                return last[0] ? null : left;
            });
            Integer tombstone = last[0] ? keptTombstones.remove(k) : null;
            if (tombstone != null) {
                // Its blob has no record left: the tombstone is now garbage that compaction may drop.
                Usage u = usage(tombstone);
                u.liveBytes.addAndGet(-VolumeRecord.HEADER_LENGTH);
                u.deadBytes.addAndGet(VolumeRecord.HEADER_LENGTH);
            }
        }
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

    private void markDead(BlobId id, VolumeLocation old) {
        Usage u = usage(old.volume());
        u.liveRecords.decrementAndGet();
        u.liveBytes.addAndGet(-old.recordLength());
        u.deadBytes.addAndGet(old.recordLength());
        u.deadRecordBytes.addAndGet(old.recordLength());
        deadCopies.merge(Key.of(id), new int[] {old.volume()}, VolumeIndex::concat);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
