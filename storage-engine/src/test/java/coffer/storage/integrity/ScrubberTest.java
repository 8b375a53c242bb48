package coffer.storage.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.blob.BlobKind;
import coffer.storage.blob.CustomerKey;
import coffer.storage.integrity.ScrubFinding.Problem;
import coffer.storage.internal.blob.BlobFormat;
import coffer.storage.multipart.CompleteUpload;
import coffer.storage.multipart.CompletedPart;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scrub on real blob files: it must name exactly the damaged and missing blobs. */
class ScrubberTest {
    private final IntegrityFixture f = new IntegrityFixture("scrubber_" + System.nanoTime() % 100_000);

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            ch.write(one, offset);
        }
    }

    private ScrubReport scrub() throws Exception {
        return new Scrubber(f.catalog, f.blobs, f.clock).run(new ScrubTally(f.clock.instant()), Throttle.of(0));
    }

    @Test
    void namesExactlyTheDamagedAndMissingBlobs() throws Exception {
        ObjectRecord good = f.put("good", 200_000);
        f.put("empty", 0);
        ObjectRecord flipped = f.put("flipped", 200_000);
        ObjectRecord deleted = f.put("deleted", 1000);
        ObjectRecord cut = f.put("cut", 70_000);
        Upload mp = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "multi").build());
        UploadPart p1 = f.store.multipart().uploadPart(PutPart.of(f.bucket, "multi", mp.uploadId(), 1,
                new ByteArrayInputStream(IntegrityFixture.bytes(5 * 1024 * 1024)), 5 * 1024 * 1024).build());
        UploadPart p2 = f.store.multipart().uploadPart(PutPart.of(f.bucket, "multi", mp.uploadId(), 2,
                new ByteArrayInputStream(IntegrityFixture.bytes(100)), 100).build());
        f.store.multipart().completeMultipartUpload(CompleteUpload.of(f.bucket, "multi", mp.uploadId(), List.of(
                new CompletedPart(1, p1.etag(), null), new CompletedPart(2, p2.etag(), null))).build());
        Upload open = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "open").build());
        UploadPart openPart = f.store.multipart().uploadPart(PutPart.of(f.bucket, "open", open.uploadId(), 3,
                new ByteArrayInputStream(IntegrityFixture.bytes(10)), 10).build());

        // One flipped ciphertext byte deep in the second segment: only the AEAD check can see it.
        flipByte(f.fileOf(flipped.blob().id()), BlobFormat.HEADER_LENGTH + BlobFormat.SEALED_SEGMENT_SIZE + 1000);
        Files.delete(f.fileOf(deleted.blob().id()));
        Files.write(f.fileOf(cut.blob().id()), new byte[] {1}, StandardOpenOption.APPEND);
        flipByte(f.fileOf(p2.blob().id()), 40); // in the key commitment
        Files.delete(f.fileOf(openPart.blob().id()));

        ScrubReport report = scrub();

        Map<String, ScrubFinding> byKey = report.findings().stream()
                .collect(Collectors.toMap(ScrubFinding::key, x -> x));
        assertEquals(Map.of("flipped", Problem.DAMAGED, "deleted", Problem.MISSING, "cut", Problem.DAMAGED,
                        "multi", Problem.DAMAGED, "open", Problem.MISSING),
                byKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().problem())));
        assertEquals(2, byKey.get("multi").partNumber());
        assertEquals(BlobKind.OBJECT_PART, byKey.get("multi").kind());
        assertEquals(open.uploadId(), byKey.get("open").uploadId());
        assertEquals(f.bucket.name(), byKey.get("flipped").bucket());
        assertEquals(3, report.damaged());
        assertEquals(2, report.missing());
        assertEquals(6, report.objectsChecked(), "good, empty, flipped, deleted, cut, multi");
        assertEquals(1, report.uploadPartsChecked());
        assertEquals(8, report.blobsChecked());
        assertEquals(0, report.keylessOnly());
        assertNotNull(report.finished());
        assertTrue(report.bytesChecked() >= good.size() + 5 * 1024 * 1024, "the good blobs were read in full");
    }

    @Test
    void sseCObjectsGetTheKeylessChecksOnly() throws Exception {
        byte[] key = IntegrityFixture.bytes(CustomerKey.LENGTH);
        ObjectRecord intact = f.store.putObject(PutObject.of(f.bucket, "ssec",
                new ByteArrayInputStream(IntegrityFixture.bytes(1000)), 1000)
                .attributes(() -> ObjectAttributes.DEFAULT).customerKey(new CustomerKey(key)).build());
        ObjectRecord truncated = f.store.putObject(PutObject.of(f.bucket, "ssec-cut",
                new ByteArrayInputStream(IntegrityFixture.bytes(1000)), 1000)
                .attributes(() -> ObjectAttributes.DEFAULT).customerKey(new CustomerKey(key)).build());
        try (FileChannel ch = FileChannel.open(f.fileOf(truncated.blob().id()), StandardOpenOption.WRITE)) {
            ch.truncate(500);
        }
        // A flipped ciphertext byte in an SSE-C blob is beyond reach without the customer key.
        flipByte(f.fileOf(intact.blob().id()), BlobFormat.HEADER_LENGTH + 10);

        ScrubReport report = scrub();

        assertEquals(1, report.keylessOnly());
        assertEquals(List.of("ssec-cut"), report.findings().stream().map(ScrubFinding::key).toList());
        assertEquals(0, report.bytesChecked());
    }

    @Test
    void sseKmsBlobsAreReadThroughTheirKmsLayer() throws Exception {
        ObjectEncryption kms = ObjectEncryption.kms("testkey-1", false);
        ObjectRecord intact = f.store.putObject(PutObject.of(f.bucket, "kms",
                new ByteArrayInputStream(IntegrityFixture.bytes(1000)), 1000)
                .attributes(() -> ObjectAttributes.DEFAULT.withEncryption(kms)).build());
        Upload u = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "kms-open").acl("private")
                .tags(Map.of()).encryption(kms).build());
        f.store.multipart().uploadPart(PutPart.of(f.bucket, "kms-open", u.uploadId(), 1,
                new ByteArrayInputStream(IntegrityFixture.bytes(10)), 10).build());
        ObjectRecord damaged = f.store.putObject(PutObject.of(f.bucket, "kms-flipped",
                new ByteArrayInputStream(IntegrityFixture.bytes(1000)), 1000)
                .attributes(() -> ObjectAttributes.DEFAULT.withEncryption(kms)).build());
        flipByte(f.fileOf(damaged.blob().id()), BlobFormat.HEADER_LENGTH + 10);

        ScrubReport report = scrub();

        assertEquals(List.of("kms-flipped"), report.findings().stream().map(ScrubFinding::key).toList());
        assertEquals(intact.size() + 10, report.bytesChecked(), "the intact object and the part, decrypted in full");
    }

    @Test
    void anInterruptStopsTheScrub() throws Exception {
        f.put("a", 10);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, this::scrub);
    }
}
