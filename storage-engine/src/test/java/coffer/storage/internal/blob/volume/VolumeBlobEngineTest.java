package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.readRange;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static coffer.storage.internal.blob.volume.VolumeTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.BlobFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeBlobEngineTest {
    @TempDir
    Path dir;

    private BlobCodec codec;
    private VolumeBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        codec = VolumeTestSupport.codec(dir);
        engine = open(VolumeSettings.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private VolumeBlobEngine open(VolumeSettings settings) throws IOException {
        return VolumeBlobEngine.open(dir.resolve("volumes"), codec, settings, VolumeChannels.DEFAULT);
    }

    private VolumeBlobEngine reopen() throws IOException {
        engine.close();
        engine = open(VolumeSettings.DEFAULTS);
        return engine;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 65535, 65536, 65537, 128 * 1024})
    void roundTripsAndSurvivesARestart(int size) throws Exception {
        byte[] plain = randomBytes(size);

        StoredBlob blob = write(engine, plain);

        assertEquals(size, blob.size());
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(plain), blob.md5());
        assertArrayEquals(plain, readAll(engine, blob));
        assertArrayEquals(plain, readAll(reopen(), blob));
    }

    @Test
    void rangeReadsDecryptTheCoveringSegments() throws IOException {
        byte[] plain = randomBytes(2 * 65536 - 5);
        StoredBlob blob = write(engine, plain);

        assertArrayEquals(Arrays.copyOfRange(plain, 65530, 65540), readRange(engine, blob, 65530, 65539));
        assertArrayEquals(Arrays.copyOfRange(plain, 100_000, plain.length), readRange(engine, blob, 100_000,
                plain.length - 1));
        assertArrayEquals(Arrays.copyOfRange(plain, 7, 8), readRange(engine, blob, 7, 7));
    }

    @Test
    void thePayloadIsExactlyABlobFile() throws IOException {
        byte[] plain = randomBytes(1000);
        StoredBlob blob = write(engine, plain);
        VolumeLocation at = locationOf(blob);

        byte[] volume = Files.readAllBytes(dir.resolve("volumes").resolve(at.volume() + ".vol"));

        assertEquals(BlobFormat.fileLength(1000), at.payloadLength());
        assertEquals("CFBL", new String(volume, (int) at.payloadOffset(), 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class, () -> engine.write(new ByteArrayInputStream(new byte[0]),
                VolumeSettings.DEFAULT_MAX_OBJECT_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> engine.write(new ByteArrayInputStream(new byte[0]),
                -1));
        assertThrows(BodyLengthMismatchException.class, () -> engine.write(new ByteArrayInputStream(new byte[9]),
                10));
        assertThrows(BodyLengthMismatchException.class, () -> engine.write(new ByteArrayInputStream(new byte[11]),
                10));
        assertEquals(0, engine.forces(), "a refused write appends nothing");
    }

    @Test
    void customerKeysWorkAsInBlobFiles() throws IOException {
        byte[] k = randomBytes(32);
        CustomerKey key = new CustomerKey(k);
        byte[] plain = randomBytes(5000);
        StoredBlob blob = engine.write(new ByteArrayInputStream(plain), plain.length, 0, key);

        try (InputStream in = engine.read(blob, 0, 4999, new CustomerKey(k))) {
            assertArrayEquals(plain, in.readAllBytes());
        }
        CustomerKeyException missing = assertThrows(CustomerKeyException.class, () -> engine.read(blob, 0, 1));
        assertEquals(CustomerKeyException.Problem.MISSING, missing.problem());
        CustomerKeyException wrong = assertThrows(CustomerKeyException.class,
                () -> engine.read(blob, 0, 1, new CustomerKey(Arrays.copyOf(randomBytes(33), 32))));
        assertEquals(CustomerKeyException.Problem.WRONG, wrong.problem());
    }

    @Test
    void deleteIsDurableAndCountsDeadBytes() throws IOException {
        StoredBlob kept = write(engine, randomBytes(100));
        StoredBlob gone = write(engine, randomBytes(200));

        engine.delete(gone.id());
        engine.delete(gone.id());

        assertFalse(engine.contains(gone.id()));
        assertThrows(NoSuchFileException.class, () -> readAll(engine, gone));
        VolumeStats stats = engine.stats().get(0);
        long goneRecord = 36 + BlobFormat.fileLength(200);
        assertEquals(36 + BlobFormat.fileLength(100), stats.liveBytes());
        assertEquals(goneRecord + 36, stats.deadBytes(), "the deleted record and its tombstone");

        reopen();
        assertFalse(engine.contains(gone.id()), "the tombstone keeps it deleted after a restart");
        assertTrue(engine.contains(kept.id()));
        assertEquals(1, engine.stats().get(0).liveRecords());
        assertEquals(goneRecord + 36, engine.stats().get(0).deadBytes());
    }

    @Test
    void aTamperedPayloadFailsTheReadAndTheKeylessCheck() throws IOException {
        byte[] plain = randomBytes(70_000);
        StoredBlob blob = write(engine, plain);
        assertTrue(engine.verify(blob.id()));
        VolumeLocation at = locationOf(blob);
        flip(at.volume(), at.payloadOffset() + BlobFormat.segmentOffset(1) + 3);

        assertFalse(engine.verify(blob.id()));
        assertThrows(BlobCorruptedException.class, () -> readAll(engine, blob));
        assertArrayEquals(Arrays.copyOf(plain, 10), readRange(engine, blob, 0, 9), "segment 0 is intact");
    }

    @Test
    void aCatalogSizeThatDoesNotMatchTheRecordIsCorruption() throws IOException {
        StoredBlob blob = write(engine, randomBytes(100));
        StoredBlob lying = new StoredBlob(blob.id(), 99, blob.md5(), blob.keyVersion(), blob.wrappedKey());

        assertThrows(BlobCorruptedException.class, () -> readRange(engine, lying, 0, 10));
    }

    @Test
    void sealsAFullVolumeAndStartsANewOne() throws IOException {
        engine.close();
        engine = open(new VolumeSettings(VolumeSettings.DEFAULT_MAX_OBJECT_BYTES, 10_000, 1, 1 << 20));
        List<StoredBlob> blobs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            blobs.add(write(engine, randomBytes(4000 + i)));
        }

        List<VolumeStats> stats = engine.stats();
        assertEquals(2, stats.size(), "the third 4 KiB record takes a volume past 10,000 bytes");
        assertEquals(List.of(VolumeState.SEALED, VolumeState.SEALED), stats.stream().map(VolumeStats::state)
                .toList());
        assertEquals(3, stats.get(1).liveRecords());
        blobs.add(write(engine, randomBytes(10)));
        assertEquals(VolumeState.ACTIVE, engine.stats().get(2).state());
        for (StoredBlob b : blobs) {
            assertEquals(b.size(), readAll(engine, b).length);
        }
    }

    @Test
    void recoveryCutsATornTailAndKeepsEverythingAcknowledged() throws IOException {
        StoredBlob first = write(engine, randomBytes(3000));
        StoredBlob second = write(engine, randomBytes(3000));
        engine.close();
        Path volume = dir.resolve("volumes").resolve("1.vol");
        long acknowledged = Files.size(volume);
        // A crash in the middle of appending a third record: its header and part of its payload made it.
        byte[] torn = new byte[36 + 1500];
        VolumeRecord.blob(coffer.storage.blob.BlobId.random(new java.security.SecureRandom()), new byte[3000], 0,
                3000).encodeInto(torn, 0);
        Files.write(volume, torn, StandardOpenOption.APPEND);

        engine = open(VolumeSettings.DEFAULTS);

        assertEquals(acknowledged, Files.size(volume));
        assertEquals(torn.length, engine.recoveryReport().get(0).result().tornBytes());
        assertArrayEquals(randomBytes(3000), readAll(engine, first));
        assertEquals(3000, readAll(engine, second).length);
        StoredBlob third = write(engine, randomBytes(10));
        assertEquals(2, locationOf(third).volume(), "a restart never appends to an old volume");
    }

    @Test
    void recoveryReportsDamageInTheMiddleAndCutsNothing() throws IOException {
        StoredBlob first = write(engine, randomBytes(3000));
        StoredBlob second = write(engine, randomBytes(3001));
        StoredBlob third = write(engine, randomBytes(3002));
        VolumeLocation at = locationOf(second);
        engine.close();
        long length = Files.size(dir.resolve("volumes").resolve("1.vol"));
        flip(at.volume(), at.payloadOffset() + 100);

        engine = open(VolumeSettings.DEFAULTS);

        VolumeScanReport report = engine.recoveryReport().get(0);
        assertFalse(report.clean());
        assertEquals(0, report.result().tornBytes());
        assertEquals(at.offset(), report.result().damage().get(0).offset());
        assertEquals(length, Files.size(dir.resolve("volumes").resolve("1.vol")));
        assertEquals(3000, readAll(engine, first).length);
        assertEquals(3002, readAll(engine, third).length);
        assertThrows(BlobCorruptedException.class, () -> readAll(engine, second), "damaged, not missing");
        assertFalse(engine.scanAll().get(0).clean());
    }

    private VolumeLocation locationOf(StoredBlob blob) {
        VolumeLocation[] found = new VolumeLocation[1];
        engine.forEachBlob((id, at) -> {
            if (id.equals(blob.id())) {
                found[0] = at;
            }
        });
        return found[0];
    }

    private void flip(int volume, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("volumes").resolve(volume + ".vol"),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            b.rewind();
            ch.write(b, offset);
        }
    }
}
