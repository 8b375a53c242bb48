package coffer.storage.bench;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.blob.volume.TieredBlobEngine;
import coffer.storage.internal.blob.volume.VolumeBlobEngine;
import coffer.storage.internal.blob.volume.VolumeChannels;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The blob engines the benchmarks compare, named by the JMH parameter {@code engine}: every blob in its own file,
 * each write forced on its own (group commit off), or small blobs in volumes with group commit (on). An engine
 * that holds threads is {@link AutoCloseable}; benchmarks close it at the end of the trial.
 */
public enum EngineVariant {
    /** {@link LocalBlobEngine}: one file per blob, temp file + force + rename + directory force per write. */
    FILE_PER_BLOB {
        @Override
        BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException {
            return new LocalBlobEngine(blobDir, keys, random);
        }
    },
    /**
     * {@link TieredBlobEngine} as the gateway builds it: objects up to 128 KiB in volumes (one group-commit
     * writer, one force per batch), larger ones as files.
     */
    VOLUMES {
        @Override
        BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException {
            return new TieredBlobEngine(new LocalBlobEngine(blobDir, keys, random), VolumeBlobEngine.open(
                    blobDir.resolve("volumes"), new BlobCodec(keys, random), VolumeSettings.DEFAULTS,
                    VolumeChannels.DEFAULT));
        }
    },
    /** Like {@link #VOLUMES} with two active volumes, each with its own writer thread. */
    VOLUMES_2 {
        @Override
        BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException {
            return volumes(blobDir, keys, random, VolumeSettings.DEFAULT_MAX_OBJECT_BYTES, 2);
        }
    },
    /** Like {@link #VOLUMES} with objects up to 1 MiB in volumes: to find where volumes stop paying off. */
    VOLUMES_UP_TO_1M {
        @Override
        BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException {
            return volumes(blobDir, keys, random, 1 << 20, 1);
        }
    };

    private static BlobEngine volumes(Path blobDir, MasterKeyring keys, SecureRandom random, int maxObjectBytes,
                                      int writers) throws IOException {
        VolumeSettings settings = new VolumeSettings(maxObjectBytes, VolumeSettings.DEFAULT_VOLUME_BYTES, writers,
                VolumeSettings.DEFAULTS.maxBatchBytes());
        return new TieredBlobEngine(new LocalBlobEngine(blobDir, keys, random), VolumeBlobEngine.open(
                blobDir.resolve("volumes"), new BlobCodec(keys, random), settings, VolumeChannels.DEFAULT));
    }

    abstract BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException;
}
