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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Compaction with real files: space comes back, blobs read back identically, deletes stick, crashes recover. */
class VolumeCompactionTest {
    @TempDir
    Path dir;
    private BlobCodec codec;
    private VolumeBlobEngine engine;
    /** Live blobs and their plaintext. */
    private final Map<StoredBlob, byte[]> live = new LinkedHashMap<>();
    private final List<StoredBlob> deleted = new ArrayList<>();

    /** Thrown by a step hook: the compaction stops there as if the process died. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(VolumeCompactor.Step step) {
            super("crash at " + step);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        codec = VolumeTestSupport.codec(dir);
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    private Path volumes() {
        return dir.resolve("volumes");
    }

    private void reopen(double threshold, VolumeCompactor.Steps steps) throws IOException {
        if (engine != null) {
            engine.close();
        }
        engine = VolumeBlobEngine.open(volumes(), codec,
                new VolumeSettings(4096, 1 << 20, 1, 1 << 20, threshold, Duration.ZERO), VolumeChannels.DEFAULT,
                steps);
    }

    private void reopen() throws IOException {
        reopen(0.5, (step, from, to) -> { });
    }

    /** Writes {@code n} blobs, deletes every one but each third, then reopens so that their volume is sealed. */
    private void fillAndSeal(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            byte[] plain = randomBytes(500 + i);
            live.put(write(engine, plain), plain);
        }
        int i = 0;
        for (StoredBlob b : List.copyOf(live.keySet())) {
            if (i++ % 3 != 0) {
                delete(b);
            }
        }
    }

    private void delete(StoredBlob b) throws IOException {
        engine.delete(b.id());
        live.remove(b);
        deleted.add(b);
    }

    private void assertStoreIsIntact() throws IOException {
        for (Map.Entry<StoredBlob, byte[]> e : live.entrySet()) {
            assertArrayEquals(e.getValue(), readAll(engine, e.getKey()), "blob " + e.getKey().id());
        }
        for (StoredBlob b : deleted) {
            assertFalse(engine.contains(b.id()), "deleted blob " + b.id() + " came back");
        }
    }

    private long volumeBytes() throws IOException {
        try (Stream<Path> files = Files.list(volumes())) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(volumes())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void reclaimsSpaceAndEveryLiveBlobReadsBackBeforeAfterAndAcrossARestart() throws IOException {
        reopen();
        fillAndSeal(30);
        reopen();
        long before = Files.size(volumes().resolve("1.vol"));
        assertStoreIsIntact();

        List<VolumeCompaction> done = engine.compact();

        assertEquals(1, done.size(), done.toString());
        VolumeCompaction c = done.get(0);
        assertEquals(1, c.from());
        assertEquals(10, c.blobsMoved());
        assertEquals(0, c.tombstonesKept(), "every deleted blob's record went with its volume");
        assertFalse(Files.exists(volumes().resolve("1.vol")));
        assertEquals(before, c.bytesBefore());
        assertTrue(c.bytesAfter() < before / 2, c.toString());
        assertEquals(c.bytesAfter(), Files.size(volumes().resolve(c.to() + ".vol")));
        assertStoreIsIntact();
        assertTrue(engine.compact().isEmpty(), "nothing left to compact");
        // Writes go on to an active volume, as always.
        byte[] plain = randomBytes(777);
        live.put(write(engine, plain), plain);

        reopen();
        assertStoreIsIntact();
        assertEquals(live.size(), engine.stats().stream().mapToLong(VolumeStats::liveRecords).sum());
    }

    @Test
    void aTombstoneOutlivesTheRecordItKillsInAnotherVolume() throws IOException {
        reopen();
        byte[] a = randomBytes(700);
        byte[] b = randomBytes(600);
        StoredBlob blobA = write(engine, a);
        StoredBlob blobB = write(engine, b);
        live.put(blobA, a);
        live.put(blobB, b);
        reopen(); // volume 1 sealed: A and B
        byte[] c = randomBytes(500);
        StoredBlob blobC = write(engine, c);
        live.put(blobC, c);
        delete(blobA);
        delete(blobC);
        // Volume 1 (A dead, B): dead share about 0.54. Volume 2 (C dead, tombstones of A and C): about 0.95, all
        // but the tombstone of A, which must stay while A's record is in volume 1.
        reopen(0.9, (step, from, to) -> { });

        List<VolumeCompaction> first = engine.compact();
        assertEquals(1, first.size());
        assertEquals(2, first.get(0).from());
        assertEquals(1, first.get(0).tombstonesKept(), "A's record still sits in volume 1");
        reopen(0.9, (step, from, to) -> { });
        assertStoreIsIntact();

        reopen(0.5, (step, from, to) -> { });
        List<VolumeCompaction> second = engine.compact();
        assertEquals(2, second.size(), second.toString());
        assertEquals(0, second.get(1).to(), "with A's record gone, its tombstone goes too");
        reopen();
        assertStoreIsIntact();
        assertTrue(engine.compact().isEmpty());
        assertEquals(List.of(), engine.stats().stream().filter(s -> s.deadBytes() > 0).toList(),
                "all that is left is B's record");
    }

    @ParameterizedTest
    @EnumSource(VolumeCompactor.Step.class)
    void aCrashAtAnyStepLeavesEveryBlobAsItWas(VolumeCompactor.Step crashAt) throws IOException {
        reopen();
        fillAndSeal(30);
        reopen(0.5, (step, from, to) -> {
            if (step == crashAt) {
                throw new SimulatedCrash(step);
            }
        });
        assertThrows(SimulatedCrash.class, () -> engine.compact());
        boolean leftTemp = names().stream().anyMatch(n -> n.endsWith(VolumeDirectory.COMPACTION_SUFFIX));
        assertEquals(crashAt == VolumeCompactor.Step.COPIED, leftTemp, names().toString());

        reopen();
        assertFalse(names().stream().anyMatch(n -> n.endsWith(VolumeDirectory.COMPACTION_SUFFIX)), names().toString());
        assertEquals(leftTemp ? 1 : 0, engine.recover(), "the leftover is reported");
        assertStoreIsIntact();
        // Both volumes may be there now: a delete must still apply to the copy that won.
        delete(live.keySet().iterator().next());
        reopen();
        assertStoreIsIntact();

        long before = volumeBytes();
        assertFalse(engine.compact().isEmpty());
        assertTrue(volumeBytes() < before, names().toString());
        reopen();
        assertStoreIsIntact();
    }

    @Test
    void deletesReadsAndWritesDuringACompactionAllTakeEffect() throws IOException {
        reopen();
        fillAndSeal(30);
        List<StoredBlob> victims = List.copyOf(live.keySet()).subList(0, 2);
        reopen(0.5, (step, from, to) -> {
            if (step == VolumeCompactor.Step.INSTALLED) {
                delete(victims.get(0)); // before the index moves: its copy must end up dead
            }
            if (step == VolumeCompactor.Step.SWITCHED) {
                delete(victims.get(1)); // after: the tombstone applies to the copy
            }
            assertStoreIsIntact();
            byte[] plain = randomBytes(900 + step.ordinal());
            live.put(write(engine, plain), plain);
        });

        assertEquals(1, engine.compact().size());
        assertStoreIsIntact();
        reopen();
        assertStoreIsIntact();
    }

    @Test
    void aVolumeWithDamageIsLeftAloneForTheOperator() throws IOException {
        reopen();
        fillAndSeal(30);
        StoredBlob first = live.keySet().iterator().next();
        reopen();
        // A flipped byte in the first (live) record's payload: damage, with valid records after it.
        Path volume = volumes().resolve("1.vol");
        byte[] all = Files.readAllBytes(volume);
        all[VolumeRecord.HEADER_LENGTH + 100] ^= 1;
        Files.write(volume, all);
        reopen();

        assertTrue(engine.compact().isEmpty());
        assertTrue(Files.exists(volume));
        assertFalse(engine.verify(first.id()), "still reported as damaged, not missing");
        live.remove(first);
        assertStoreIsIntact();
    }
}
