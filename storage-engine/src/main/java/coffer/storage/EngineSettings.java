package coffer.storage;

import coffer.storage.blob.S3BlobSettings;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.multipart.MultipartLimits;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link StorageEngine#open} needs besides the keys and the database.
 *
 * @param blobDir        where blob files (and the {@code volumes} directory) live
 * @param minFreeBytes   writes are refused when the blob file system would fall below this
 * @param volumesEnabled new small blobs go to volumes; volumes found on disk stay readable when off
 * @param volumes        volume sizes and thresholds
 * @param gcGrace        how long an unreferenced blob is kept before GC deletes it
 * @param multipart      multipart upload limits
 * @param clock          the engine's clock
 * @param random         the engine's randomness (blob ids, keys, nonces)
 * @param gateway        who this gateway is (its reservations and background-work lease carry its instance name)
 * @param s3             null: blobs on local disk ({@code blobDir}); else every blob goes to this S3 store
 */
public record EngineSettings(Path blobDir, long minFreeBytes, boolean volumesEnabled, VolumeSettings volumes,
                             Duration gcGrace, MultipartLimits multipart, Clock clock, SecureRandom random,
                             GatewayIdentity gateway, S3BlobSettings s3) {
    /** The default of {@code minFreeBytes}, 64 MiB (the gateway's {@code min-free-space}, docs/configuration.md). */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;

    public EngineSettings {
        Objects.requireNonNull(blobDir, "blobDir");
        Objects.requireNonNull(volumes, "volumes");
        Objects.requireNonNull(gcGrace, "gcGrace");
        Objects.requireNonNull(multipart, "multipart");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(gateway, "gateway");
    }

    /** Blobs on local disk. */
    public EngineSettings(Path blobDir, long minFreeBytes, boolean volumesEnabled, VolumeSettings volumes,
                          Duration gcGrace, MultipartLimits multipart, Clock clock, SecureRandom random,
                          GatewayIdentity gateway) {
        this(blobDir, minFreeBytes, volumesEnabled, volumes, gcGrace, multipart, clock, random, gateway, null);
    }

    /** The same settings with every blob in the S3 store {@code s3} (null: local disk). */
    public EngineSettings withS3(S3BlobSettings s3) {
        return new EngineSettings(blobDir, minFreeBytes, volumesEnabled, volumes, gcGrace, multipart, clock, random,
                gateway, s3);
    }
}
