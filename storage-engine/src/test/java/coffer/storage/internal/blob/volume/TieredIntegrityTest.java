package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery, listing, existence and keyless checks across both tiers, as reconciliation and scrub use them. */
class TieredIntegrityTest {
    @TempDir
    Path dir;
    private MasterKeyring keys;
    private TieredBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        keys = MasterKeyring.openOrCreate(dir.resolve("keys"), new SecureRandom());
        engine = open();
    }

    private TieredBlobEngine open() throws IOException {
        SecureRandom random = new SecureRandom();
        LocalBlobEngine files = new LocalBlobEngine(dir.resolve("blobs"), keys, random);
        VolumeBlobEngine volumes = VolumeBlobEngine.open(dir.resolve("blobs").resolve("volumes"),
                new BlobCodec(keys, random), new VolumeSettings(4096, 1 << 20, 1, 1 << 20), VolumeChannels.DEFAULT);
        return new TieredBlobEngine(files, volumes);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private Map<BlobId, BlobEntry> listed() throws IOException {
        try (Stream<BlobEntry> s = engine.list()) {
            return s.collect(Collectors.toMap(BlobEntry::id, Function.identity()));
        }
    }

    @Test
    void listsExistsAndChecksBothTiers() throws IOException {
        Instant before = Instant.now().minusSeconds(2);
        StoredBlob small = write(engine, randomBytes(100));
        StoredBlob large = write(engine, randomBytes(10_000));
        assertTrue(engine.volumes().contains(small.id()));

        Map<BlobId, BlobEntry> all = listed();
        assertEquals(2, all.size());
        assertFalse(all.get(small.id()).lastWritten().isBefore(before));
        assertEquals(VolumeRecord.HEADER_LENGTH + coffer.storage.internal.blob.BlobFormat.fileLength(100), all.get(small.id()).storedBytes());
        assertTrue(engine.exists(small.id()));
        assertTrue(engine.exists(large.id()));
        assertEquals(BlobCheck.OK, engine.checkStored(small.id(), 100));
        assertEquals(BlobCheck.OK, engine.checkStored(large.id(), 10_000));
        assertEquals(BlobCheck.Status.DAMAGED, engine.checkStored(small.id(), 101).status());

        engine.delete(small.id());
        assertFalse(engine.exists(small.id()));
        assertEquals(BlobCheck.Status.MISSING, engine.checkStored(small.id(), 100).status());
        assertEquals(List.of(large.id()), List.copyOf(listed().keySet()));
    }

    @Test
    void aVolumeBlobsTimeIsItsVolumesLastWrite() throws IOException {
        StoredBlob small = write(engine, randomBytes(100));
        engine.close();
        Instant old = Instant.now().minusSeconds(7200);
        Files.setLastModifiedTime(dir.resolve("blobs/volumes/1.vol"), FileTime.from(old));
        engine = open();
        assertEquals(old.toEpochMilli(), listed().get(small.id()).lastWritten().toEpochMilli());
    }

    @Test
    void aFlippedByteInARecordIsDamageFoundWithoutTheKey() throws IOException {
        StoredBlob small = write(engine, randomBytes(1000));
        Path volume = dir.resolve("blobs/volumes/1.vol");
        try (FileChannel ch = FileChannel.open(volume, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 500);
            one.put(0, (byte) ~one.get(0)).rewind();
            ch.write(one, 500);
        }
        BlobCheck check = engine.checkStored(small.id(), 1000);
        assertEquals(BlobCheck.Status.DAMAGED, check.status(), check.detail());
    }

    @Test
    void fileWalksSkipTheVolumeDirectoryAndRecoverReportsTornTails() throws IOException {
        write(engine, randomBytes(100));
        engine.close();
        Path volumes = dir.resolve("blobs/volumes");
        Path stray = volumes.resolve("stray.tmp");
        Files.write(stray, new byte[10]);
        Files.write(volumes.resolve("0123456789abcdef0123456789abcdef"), new byte[10]);
        try (FileChannel ch = FileChannel.open(volumes.resolve("1.vol"), StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap("CFVR-torn".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        engine = open();
        assertEquals(1, engine.recover(), "one torn tail, cut when the volumes were opened");
        assertTrue(Files.exists(stray), "the file engine's recovery leaves the volume directory alone");
        assertEquals(1, listed().size());
        assertEquals(1, engine.recover(), "reports, does not redo");
    }
}
