package coffer.storage.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.DeleteCondition;
import coffer.storage.ObjectRecord;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.catalog.BlobRow;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reconciliation on real blob files and a real catalog. */
class ReconcilerTest {
    private final IntegrityFixture f = new IntegrityFixture("reconciler_" + System.nanoTime() % 100_000);

    private Reconciler reconciler() {
        return new Reconciler(f.catalog, f.blobs, f.clock, Reconciler.orphanGrace(IntegrityFixture.GRACE), 0,
                Throttle::of);
    }

    private void age(BlobId id, Duration by) throws IOException {
        Files.setLastModifiedTime(f.fileOf(id), FileTime.from(f.clock.instant().minus(by)));
    }

    private StoredBlob unpublished(int size) throws IOException {
        byte[] body = IntegrityFixture.bytes(size);
        return f.blobs.write(new ByteArrayInputStream(body), size);
    }

    @Test
    void freesOnlyOldBlobsThatNothingNames() throws Exception {
        Duration old = Duration.ofHours(1);
        ObjectRecord kept = f.put("kept", 1000);
        ObjectRecord gone = f.put("gone", 2000);
        f.store.deleteObject(f.bucket, "gone", DeleteCondition.NONE); // in gc_queue now: a GET may still stream it
        Upload open = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "open").build());
        UploadPart openPart = f.store.multipart().uploadPart(PutPart.of(f.bucket, "open", open.uploadId(), 1,
                new ByteArrayInputStream(IntegrityFixture.bytes(300)), 300).build());
        Upload done = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "done").build());
        UploadPart donePart = f.store.multipart().uploadPart(PutPart.of(f.bucket, "done", done.uploadId(), 1,
                new ByteArrayInputStream(IntegrityFixture.bytes(400)), 400).build());
        f.store.multipart().completeMultipartUpload(CompleteUpload.of(f.bucket, "done", done.uploadId(),
                List.of(new CompletedPart(1, donePart.etag(), null))).build());
        StoredBlob oldOrphan = unpublished(5000);
        StoredBlob youngOrphan = unpublished(6000);
        StoredBlob justOlderThanGrace = unpublished(10);
        for (BlobId id : List.of(kept.blob().id(), gone.blob().id(), openPart.blob().id(), donePart.blob().id(),
                oldOrphan.id())) {
            age(id, old);
        }
        age(justOlderThanGrace.id(), IntegrityFixture.GRACE.plusSeconds(2));
        age(youngOrphan.id(), IntegrityFixture.GRACE.minusSeconds(30));

        ReconciliationReport report = reconciler().run();

        assertEquals(7, report.blobsSeen());
        assertEquals(2, report.orphansFreed());
        assertEquals(5000 + 10 + 2 * (62 + 16), report.orphanBytesFreed());
        assertFalse(f.blobs.exists(oldOrphan.id()));
        assertFalse(f.blobs.exists(justOlderThanGrace.id()));
        for (BlobId id : List.of(kept.blob().id(), gone.blob().id(), openPart.blob().id(), donePart.blob().id(),
                youngOrphan.id())) {
            assertTrue(f.blobs.exists(id), id.toString());
        }
        assertEquals(3, report.rowsChecked(), "one object, one object part, one upload part");
        assertEquals(0, report.missingCount());
    }

    @Test
    void reportsRowsWhoseBlobIsMissingAsDataLoss() throws Exception {
        ObjectRecord lost = f.put("dir/lost key", 100);
        f.put("fine", 100);
        Upload open = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "open").build());
        UploadPart part = f.store.multipart().uploadPart(PutPart.of(f.bucket, "open", open.uploadId(), 7,
                new ByteArrayInputStream(IntegrityFixture.bytes(10)), 10).build());
        Files.delete(f.fileOf(lost.blob().id()));
        Files.delete(f.fileOf(part.blob().id()));
        Reconciler reconciler = reconciler();

        ReconciliationReport report = reconciler.run();

        assertEquals(2, report.missingCount());
        Set<LostBlob> expected = Set.of(
                new LostBlob(BlobRow.Kind.OBJECT, f.bucket.name(), "dir/lost key", null, 0, lost.blob().id()),
                new LostBlob(BlobRow.Kind.UPLOAD_PART, f.bucket.name(), "open", open.uploadId(), 7,
                        part.blob().id()));
        assertEquals(expected, Set.copyOf(report.missing()));
        assertEquals(0, report.orphansFreed());
        assertEquals(report, reconciler.lastReport().orElseThrow());

        f.store.deleteObject(f.bucket, "dir/lost key", DeleteCondition.NONE);
        assertEquals(Set.of(part.blob().id()),
                reconciler.run().missing().stream().map(LostBlob::blobId).collect(Collectors.toSet()),
                "a row deleted since is no longer a loss");
    }

    @Test
    void theOrphanGraceNeverDropsBelowAMinute() {
        assertEquals(Reconciler.MIN_ORPHAN_GRACE, Reconciler.orphanGrace(Duration.ZERO));
        assertEquals(Duration.ofHours(2), Reconciler.orphanGrace(Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> new Reconciler(f.catalog, f.blobs, f.clock,
                Duration.ofSeconds(59), 0, Throttle::of));
    }

    @Test
    void pagesThroughManyRows() throws Exception {
        for (int i = 0; i < 520; i++) {
            f.put("k" + i, 0);
        }
        Path anyFile = f.fileOf(f.store.findObject(f.bucket, "k300").orElseThrow().blob().id());
        Files.delete(anyFile);

        ReconciliationReport report = reconciler().run();

        assertEquals(520, report.rowsChecked());
        assertEquals(List.of("k300"), report.missing().stream().map(LostBlob::key).toList());
    }
}
