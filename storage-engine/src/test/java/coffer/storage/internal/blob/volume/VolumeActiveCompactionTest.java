package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static coffer.storage.internal.blob.volume.VolumeTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleted small objects in the volume still being appended to are reclaimed too: compaction seals an active volume
 * whose dead records reach the threshold and compacts it like any sealed one, while writes go on to a new volume.
 */
class VolumeActiveCompactionTest {
    private static final VolumeSettings SETTINGS = new VolumeSettings(4096, 1 << 20, 1, 1 << 20, 0.5, Duration.ZERO);
    @TempDir
    Path dir;
    private BlobCodec codec;
    private VolumeBlobEngine engine;
    private final Map<StoredBlob, byte[]> live = new LinkedHashMap<>();
    private final List<StoredBlob> deleted = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        codec = VolumeTestSupport.codec(dir);
        engine = VolumeBlobEngine.open(dir.resolve("volumes"), codec, SETTINGS, VolumeChannels.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private long volumeBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("volumes"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private void assertIntact() throws IOException {
        for (Map.Entry<StoredBlob, byte[]> e : live.entrySet()) {
            assertArrayEquals(e.getValue(), readAll(engine, e.getKey()), "blob " + e.getKey().id());
        }
        for (StoredBlob b : deleted) {
            assertFalse(engine.contains(b.id()), "deleted blob " + b.id() + " came back");
        }
    }

    @Test
    void deletedBlobsInTheActiveVolumeAreReclaimedAndTheRestReadsBack() throws IOException {
        for (int i = 0; i < 200; i++) {
            byte[] plain = randomBytes(600 + i);
            StoredBlob b = write(engine, plain);
            if (i % 4 == 0) {
                live.put(b, plain);
            } else {
                engine.delete(b.id());
                deleted.add(b);
            }
        }
        assertEquals(List.of(VolumeState.ACTIVE), engine.stats().stream().map(VolumeStats::state).toList(),
                "everything sits in the one active volume, far below the volume size");
        long before = volumeBytes();

        List<VolumeCompaction> done = engine.compact();

        assertEquals(1, done.size(), done.toString());
        assertEquals(1, done.get(0).from());
        assertEquals(50, done.get(0).blobsMoved());
        assertFalse(Files.exists(dir.resolve("volumes").resolve("1.vol")));
        long after = volumeBytes();
        assertTrue(after < before / 3, "volume files went from " + before + " to " + after + " bytes");
        assertIntact();
        // Writes go on, to a new active volume; a second pass has nothing to do.
        byte[] plain = randomBytes(900);
        StoredBlob next = write(engine, plain);
        live.put(next, plain);
        assertTrue(engine.compact().isEmpty());
        assertIntact();

        engine.close();
        engine = VolumeBlobEngine.open(dir.resolve("volumes"), codec, SETTINGS, VolumeChannels.DEFAULT);
        assertIntact();
        assertEquals(live.size(), engine.stats().stream().mapToLong(VolumeStats::liveRecords).sum());
    }

    @Test
    void anActiveVolumeWithLittleGarbageIsLeftToFill() throws IOException {
        List<StoredBlob> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(write(engine, randomBytes(700)));
        }
        engine.delete(written.get(0).id());

        assertTrue(engine.compact().isEmpty());
        write(engine, randomBytes(10));
        assertEquals(List.of(VolumeState.ACTIVE), engine.stats().stream().map(VolumeStats::state).toList(),
                "the one volume is still active: one dead record in twenty is below the threshold");
        assertTrue(Files.exists(dir.resolve("volumes").resolve("1.vol")));
    }
}
