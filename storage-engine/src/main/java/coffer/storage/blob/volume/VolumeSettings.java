package coffer.storage.blob.volume;

/**
 * Tuning of the volume engine (docs/configuration.md, docs/architecture.md).
 *
 * @param maxObjectBytes the largest object (plaintext bytes) stored in a volume; larger ones get a file each.
 *                       Each write in flight holds its encrypted record in memory, so this also bounds that memory
 * @param volumeBytes    a volume is sealed once it holds this many bytes (it may pass it by one batch)
 * @param writers        active volumes, each with its own group-commit thread
 * @param maxBatchBytes  record bytes one group commit takes at most
 */
public record VolumeSettings(int maxObjectBytes, long volumeBytes, int writers, long maxBatchBytes) {
    /** See docs/benchmarks.md for why 128 KiB. */
    public static final int DEFAULT_MAX_OBJECT_BYTES = 128 * 1024;
    public static final long DEFAULT_VOLUME_BYTES = 1L << 30;
    public static final VolumeSettings DEFAULTS = new VolumeSettings(DEFAULT_MAX_OBJECT_BYTES, DEFAULT_VOLUME_BYTES,
            1, 8L << 20);

    public VolumeSettings {
        if (maxObjectBytes < 0 || maxObjectBytes > 64 << 20) {
            throw new IllegalArgumentException("the volume object size limit must be 0 to 64 MiB");
        }
        if (volumeBytes < 1) {
            throw new IllegalArgumentException("the volume size must be positive");
        }
        if (writers < 1 || writers > 64) {
            throw new IllegalArgumentException("volume writers must be 1 to 64");
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("the batch size must be positive");
        }
    }
}
