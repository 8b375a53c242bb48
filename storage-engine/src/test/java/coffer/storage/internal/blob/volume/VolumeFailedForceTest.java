package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static coffer.storage.internal.blob.volume.VolumeTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An fsync that fails makes its volume read-only for good; writes move on to a new volume; reads keep working. */
class VolumeFailedForceTest {
    @TempDir
    Path dir;

    @Test
    void aFailedForceRetiresTheVolumeAndIsNeverRetried() throws IOException {
        List<ForwardingFileChannel> channels = new CopyOnWriteArrayList<>();
        VolumeBlobEngine engine = VolumeBlobEngine.open(dir.resolve("volumes"), VolumeTestSupport.codec(dir),
                VolumeSettings.DEFAULTS, file -> {
                    boolean first = channels.isEmpty();
                    ForwardingFileChannel ch = new ForwardingFileChannel(
                            VolumeChannels.DEFAULT.createForAppend(file), n -> {
                                if (first && n == 2) {
                                    throw new IOException("EIO from fsync (injected)");
                                }
                            });
                    channels.add(ch);
                    return ch;
                });
        try {
            StoredBlob before = write(engine, randomBytes(500));

            byte[] lost = randomBytes(600);
            IOException failure = assertThrows(IOException.class,
                    () -> engine.write(new ByteArrayInputStream(lost), lost.length));
            assertTrue(failure.getMessage().contains("volume 1 failed"), failure.getMessage());
            assertEquals(VolumeState.FAILED, engine.stats().get(0).state());
            assertEquals(1, engine.stats().get(0).liveRecords(), "the failed write was not published");

            StoredBlob after = write(engine, randomBytes(700));

            assertEquals(2, channels.size(), "the next write went to a new volume");
            assertEquals(2, channels.get(0).forces.get(), "the failed force was not retried");
            assertFalse(channels.get(0).isOpen(), "the failed volume takes no more appends");
            assertArrayEquals(randomBytes(500), readAll(engine, before), "reads of the failed volume still work");
            assertArrayEquals(randomBytes(700), readAll(engine, after));
            assertEquals(VolumeState.ACTIVE, engine.stats().get(1).state());

            engine.delete(before.id());
            assertFalse(engine.contains(before.id()), "deletes of its blobs go to the new volume as tombstones");
        } finally {
            engine.close();
        }
    }

    @Test
    void whenNoVolumeCanBeCreatedWritesFailAndReadsStillWork() throws IOException {
        int[] created = {0};
        VolumeBlobEngine engine = VolumeBlobEngine.open(dir.resolve("volumes"), VolumeTestSupport.codec(dir),
                VolumeSettings.DEFAULTS, file -> {
                    if (created[0]++ > 0) {
                        throw new IOException("No space left on device (injected)");
                    }
                    return new ForwardingFileChannel(VolumeChannels.DEFAULT.createForAppend(file), n -> {
                        throw new IOException("EIO from fsync (injected)");
                    });
                });
        try {
            assertThrows(IOException.class, () -> write(engine, randomBytes(10)));
            assertThrows(IOException.class, () -> write(engine, randomBytes(10)));
            assertEquals(0, engine.stats().stream().mapToLong(VolumeStats::liveRecords).sum());
        } finally {
            engine.close();
        }
    }
}
