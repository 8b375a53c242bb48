package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up recovery, listing and the keyless checks of {@link LocalBlobEngine}. */
class LocalBlobEngineRecoveryTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private LocalBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalBlobEngine(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random),
                random);
    }

    @Test
    void recoverRemovesTemporaryFilesOnly() throws IOException {
        StoredBlob kept = write(engine, randomBytes(1000));
        Path leftover = engine.pathOf(BlobId.random(random)).resolveSibling("0123456789abcdef0123456789abcdef.tmp");
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, randomBytes(500));

        assertEquals(1, engine.recover());

        assertFalse(Files.exists(leftover));
        assertTrue(engine.exists(kept.id()));
        assertEquals(0, engine.recover());
    }

    @Test
    void listNamesFinishedBlobsWithTheirModificationTime() throws IOException {
        StoredBlob a = write(engine, randomBytes(10));
        StoredBlob b = write(engine, randomBytes(70_000));
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(engine.pathOf(a.id()), FileTime.from(old));
        Path temp = engine.pathOf(b.id()).resolveSibling(BlobId.random(random).value() + ".tmp");
        Files.write(temp, randomBytes(100));

        Map<BlobId, BlobEntry> listed;
        try (Stream<BlobEntry> s = engine.list()) {
            listed = s.collect(Collectors.toMap(BlobEntry::id, e -> e));
        }

        assertEquals(2, listed.size(), "the .tmp file is a write in progress, never listed");
        assertEquals(old, listed.get(a.id()).lastWritten());
        assertEquals(BlobFormat.fileLength(70_000), listed.get(b.id()).storedBytes());
        assertTrue(listed.get(b.id()).lastWritten().isAfter(old));
    }

    @Test
    void keylessChecksFindMissingTruncatedAndForeignFiles() throws IOException {
        StoredBlob good = write(engine, randomBytes(100_000));
        StoredBlob empty = write(engine, new byte[0]);
        StoredBlob cut = write(engine, randomBytes(100_000));
        StoredBlob swapped = write(engine, randomBytes(5000));
        StoredBlob other = write(engine, randomBytes(5000));
        StoredBlob gone = write(engine, randomBytes(10));
        try (RandomAccessFile f = new RandomAccessFile(engine.pathOf(cut.id()).toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        Files.copy(engine.pathOf(other.id()), engine.pathOf(swapped.id()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(engine.pathOf(gone.id()));

        assertEquals(BlobCheck.Status.OK, engine.checkStored(good.id(), good.size()).status());
        assertEquals(BlobCheck.Status.OK, engine.checkStored(empty.id(), 0).status());
        assertEquals(BlobCheck.Status.DAMAGED, engine.checkStored(cut.id(), cut.size()).status());
        assertEquals(BlobCheck.Status.DAMAGED, engine.checkStored(good.id(), good.size() + 1).status());
        BlobCheck foreign = engine.checkStored(swapped.id(), swapped.size());
        assertEquals(BlobCheck.Status.DAMAGED, foreign.status());
        assertEquals("the header names another blob", foreign.detail());
        assertEquals(BlobCheck.Status.MISSING, engine.checkStored(gone.id(), gone.size()).status());
        assertFalse(engine.exists(gone.id()));
        assertTrue(engine.exists(good.id()));
    }
}
