package coffer.storage.blob;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the volume engine (docs/configuration.md, docs/architecture.md).
 *
 * @param maxObjectBytes   the largest object (plaintext bytes) stored in a volume; larger ones get a file each.
 *                         Each write in flight holds its encrypted record in memory, so this also bounds that memory
 * @param volumeBytes      a volume is sealed once it holds this many bytes (it may pass it by one batch)
 * @param writers          active volumes, each with its own group-commit thread
 * @param maxBatchBytes    record bytes one group commit takes at most
 * @param compactDeadShare a sealed or failed volume whose dead bytes reach this share of its bytes (0 exclusive to
 *                         1 inclusive) is compacted
 * @param compactInterval  how often the background compactor looks for such volumes; zero: never by itself (only
 *                         {@link VolumeBlobEngine#compact()} compacts)
 */
public record VolumeSettings(int maxObjectBytes, long volumeBytes, int writers, long maxBatchBytes,
                             double compactDeadShare, Duration compactInterval) {
    /** See docs/benchmarks.md for why 128 KiB. */
    public static final int DEFAULT_MAX_OBJECT_BYTES = 128 * 1024;
    /** The highest object size limit: each write in flight holds up to this much in memory. */
    public static final int MAX_MAX_OBJECT_BYTES = 64 << 20;
    public static final long DEFAULT_VOLUME_BYTES = 1L << 30;
    public static final int DEFAULT_WRITERS = 1;
    public static final int MAX_WRITERS = 64;
    public static final long DEFAULT_MAX_BATCH_BYTES = 8L << 20;
    public static final double DEFAULT_COMPACT_DEAD_SHARE = 0.5;
    public static final Duration DEFAULT_COMPACT_INTERVAL = Duration.ofMinutes(1);
    public static final VolumeSettings DEFAULTS = new VolumeSettings(DEFAULT_MAX_OBJECT_BYTES, DEFAULT_VOLUME_BYTES,
            DEFAULT_WRITERS, DEFAULT_MAX_BATCH_BYTES);

    public VolumeSettings {
        if (maxObjectBytes < 0 || maxObjectBytes > MAX_MAX_OBJECT_BYTES) {
            throw new IllegalArgumentException("the volume object size limit must be 0 to 64 MiB");
        }
        if (volumeBytes < 1) {
            throw new IllegalArgumentException("the volume size must be positive");
        }
        if (writers < 1 || writers > MAX_WRITERS) {
            throw new IllegalArgumentException("volume writers must be 1 to 64");
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("the batch size must be positive");
        }
        if (!(compactDeadShare > 0 && compactDeadShare <= 1)) {
            throw new IllegalArgumentException("the compaction dead share must be above 0 and at most 1");
        }
        Objects.requireNonNull(compactInterval, "compactInterval");
        if (compactInterval.isNegative()) {
            throw new IllegalArgumentException("the compaction interval must not be negative");
        }
    }

    /** With the default compaction settings. */
    public VolumeSettings(int maxObjectBytes, long volumeBytes, int writers, long maxBatchBytes) {
        this(maxObjectBytes, volumeBytes, writers, maxBatchBytes, DEFAULT_COMPACT_DEAD_SHARE,
                DEFAULT_COMPACT_INTERVAL);
    }
}
