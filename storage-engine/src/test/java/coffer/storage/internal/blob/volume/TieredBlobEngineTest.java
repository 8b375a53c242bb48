package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static coffer.storage.internal.blob.volume.VolumeTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.FreeSpaceReserve;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TieredBlobEngineTest {
    @TempDir
    Path dir;

    private LocalBlobEngine files;
    private VolumeBlobEngine volumes;
    private TieredBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        SecureRandom random = new SecureRandom();
        MasterKeyring keys = MasterKeyring.openOrCreate(dir.resolve("keys"), random);
        files = new LocalBlobEngine(dir.resolve("blobs"), keys, random);
        volumes = VolumeBlobEngine.open(dir.resolve("blobs").resolve("volumes"), new BlobCodec(keys, random),
                new VolumeSettings(4096, 1 << 20, 1, 1 << 20), VolumeChannels.DEFAULT);
        engine = new TieredBlobEngine(files, volumes);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void smallWholeObjectsGoToVolumesAndTheRestToFiles() throws IOException {
        StoredBlob small = write(engine, randomBytes(4096));
        StoredBlob large = write(engine, randomBytes(4097));
        StoredBlob part = engine.write(new ByteArrayInputStream(randomBytes(10)), 10, 1);
        StoredBlob unknown = engine.write(new ByteArrayInputStream(randomBytes(11)), BlobEngine.UNKNOWN_LENGTH);

        assertTrue(volumes.contains(small.id()));
        assertEquals(3, blobFiles(), "large, part and unknown length are files");
        for (StoredBlob b : new StoredBlob[] {large, part, unknown}) {
            assertFalse(volumes.contains(b.id()));
        }
        assertArrayEquals(randomBytes(4096), readAll(engine, small));
        assertArrayEquals(randomBytes(4097), readAll(engine, large));
        assertArrayEquals(randomBytes(10), readAll(engine, part));
        assertArrayEquals(randomBytes(11), readAll(engine, unknown));
    }

    @Test
    void aVolumeBlobWrappedUnderAKmsKeyReadsBackOnlyThroughThatKey() throws IOException {
        StoredBlob small = write(engine, randomBytes(300));
        StoredBlob wrapped = engine.wrapUnderKmsKey(small, "testkey-1");

        assertArrayEquals(randomBytes(300), readAll(engine, engine.unwrapFromKmsKey(wrapped, "testkey-1")));
        assertThrows(BlobCorruptedException.class, () -> engine.unwrapFromKmsKey(wrapped, "testkey-2"));
    }

    @Test
    void aSmallWriteThatWouldEatIntoTheFreeSpaceReserveIsRefusedBeforeAnythingIsAppended() throws IOException {
        TieredBlobEngine full = new TieredBlobEngine(files, volumes, true,
                new FreeSpaceReserve(dir, Long.MAX_VALUE / 2));
        write(engine, randomBytes(10)); // opens the active volume
        long before = Files.size(dir.resolve("blobs").resolve("volumes").resolve("1.vol"));

        assertThrows(InsufficientStorageException.class, () -> write(full, randomBytes(100)));
        assertEquals(before, Files.size(dir.resolve("blobs").resolve("volumes").resolve("1.vol")));
    }

    @Test
    void deletesGoWhereTheBlobLives() throws IOException {
        StoredBlob small = write(engine, randomBytes(100));
        StoredBlob large = write(engine, randomBytes(5000));

        engine.delete(small.id());
        engine.delete(large.id());

        assertThrows(NoSuchFileException.class, () -> readAll(engine, small));
        assertThrows(NoSuchFileException.class, () -> readAll(engine, large));
        assertEquals(0, blobFiles());
        assertTrue(volumes.stats().get(0).deadBytes() > 0, "the volume record is counted dead");
    }

    @Test
    void blobsWrittenBeforeVolumesExistedStayReadable() throws IOException {
        StoredBlob old = write(files, randomBytes(100));

        assertArrayEquals(randomBytes(100), readAll(engine, old));
        engine.delete(old.id());
        assertEquals(0, blobFiles());
    }

    @Test
    void withVolumeWritesOffNewBlobsAreFilesAndVolumeBlobsStayReadable() throws IOException {
        StoredBlob inVolume = write(engine, randomBytes(100));
        TieredBlobEngine off = new TieredBlobEngine(files, volumes, false);

        StoredBlob small = write(off, randomBytes(100));

        assertFalse(volumes.contains(small.id()));
        assertEquals(1, blobFiles());
        assertArrayEquals(randomBytes(100), readAll(off, inVolume));
        off.delete(inVolume.id());
        assertFalse(volumes.contains(inVolume.id()));
    }

    @Test
    void customerKeysRouteToo() throws IOException {
        byte[] k = randomBytes(32);
        StoredBlob small = engine.write(new ByteArrayInputStream(randomBytes(50)), 50, 0, new CustomerKey(k));
        assertTrue(volumes.contains(small.id()));

        engine.checkCustomerKey(small, new CustomerKey(k));
        assertThrows(CustomerKeyException.class, () -> engine.checkCustomerKey(small, null));
        try (InputStream in = engine.read(small, 0, 49, new CustomerKey(k))) {
            assertArrayEquals(randomBytes(50), in.readAllBytes());
        }
        byte[] check = engine.customerKeyCheck(new CustomerKey(k));
        assertTrue(engine.customerKeyMatches(check, new CustomerKey(k)));
    }

    private long blobFiles() throws IOException {
        try (Stream<Path> all = Files.walk(dir.resolve("blobs"))) {
            return all.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".vol")).count();
        }
    }
}
