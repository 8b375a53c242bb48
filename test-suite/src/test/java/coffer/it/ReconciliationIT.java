package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.BlobFiles;
import coffer.it.support.GatewayExtension;
import coffer.storage.blob.BlobId;
import coffer.storage.internal.blob.BlobFormat;
import coffer.storage.internal.blob.volume.VolumeRecord;
import coffer.storage.internal.blob.volume.VolumeScanner;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reconciliation through the admin API of a real gateway, for blob files and for small objects' records in volume
 * files alike: an orphan older than the grace is freed (a volume orphan by a tombstone), a young one is kept, and an
 * object whose blob is gone (a deleted file; a tombstone written behind the catalog's back) is reported as data
 * loss (API and metric).
 */
class ReconciliationIT {
    private static final String BUCKET = "reconcile-it";
    private static final int LARGE = 200_000;
    // A GC grace of zero: the orphan grace is still its floor of one minute.
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().gcGrace(Duration.ZERO).build();

    private static Path blobDir() {
        return gateway.dataDir().resolve("blobs");
    }

    private static Path volumeDir() {
        return blobDir().resolve("volumes");
    }

    private static String randomId() {
        byte[] id = new byte[16];
        new Random().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static Path orphan(Path like, Duration age) throws Exception {
        String name = randomId();
        Path file = blobDir().resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
        Files.createDirectories(file.getParent());
        Files.copy(like, file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    /** A volume file of its own, {@code number}.vol, holding one record; its time is {@code age} ago. */
    private static void volumeOf(int number, byte[] record, Duration age) throws IOException {
        Path file = volumeDir().resolve(number + ".vol");
        Files.write(file, record, StandardOpenOption.CREATE_NEW);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    /** A blob record for a new id whose payload is a copy of {@code like}'s. */
    private static byte[] orphanRecord(BlobFiles.Blob like, BlobId id) throws IOException {
        byte[] bytes = new byte[VolumeRecord.HEADER_LENGTH + (int) like.length()];
        try (FileChannel ch = FileChannel.open(like.file(), StandardOpenOption.READ)) {
            ByteBuffer payload = ByteBuffer.wrap(bytes, VolumeRecord.HEADER_LENGTH, (int) like.length());
            while (payload.hasRemaining()) {
                ch.read(payload, like.start() + payload.position() - VolumeRecord.HEADER_LENGTH);
            }
        }
        VolumeRecord.blob(id, bytes, VolumeRecord.HEADER_LENGTH, (int) like.length()).encodeInto(bytes, 0);
        return bytes;
    }

    /** The id in the header of the record whose payload is {@code blob}. */
    private static BlobId idOf(BlobFiles.Blob blob) throws IOException {
        byte[] header = new byte[VolumeRecord.HEADER_LENGTH];
        try (FileChannel ch = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(header), blob.start() - VolumeRecord.HEADER_LENGTH);
        }
        return VolumeRecord.parse(header, 0).orElseThrow().id();
    }

    /** Every blob id with a tombstone in some volume. */
    private static Set<BlobId> tombstones() throws IOException {
        Set<BlobId> ids = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(volumeDir(), "*.vol")) {
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    new VolumeScanner().scan(ch, (r, offset, intact) -> {
                        if (r.type() == VolumeRecord.TYPE_TOMBSTONE) {
                            ids.add(r.id());
                        }
                    });
                }
            }
        }
        return ids;
    }

    private static BlobFiles.Blob put(S3Client s3, String key, byte[] body) throws IOException {
        Map<Path, BlobFiles.State> before = BlobFiles.snapshot(blobDir());
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
        return BlobFiles.theOneWrittenBlob(before, BlobFiles.snapshot(blobDir()), BlobFormat.fileLength(body.length));
    }

    @Test
    void freesOldOrphansKeepsYoungOnesAndReportsLostObjects() throws Exception {
        byte[] large = new byte[LARGE];
        new Random(5).nextBytes(large);
        BlobFiles.Blob keptFile;
        BlobFiles.Blob lostFile;
        BlobFiles.Blob keptRecord;
        BlobFiles.Blob lostRecord;
        try (S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            keptFile = put(s3, "kept", large);
            lostFile = put(s3, "dir/lost", large);
            keptRecord = put(s3, "small/kept", "kept".getBytes());
            lostRecord = put(s3, "small/lost", "lost".getBytes());
        }
        assertEquals(0, keptFile.start(), "a large object has a file of its own");
        assertTrue(keptRecord.file().getFileName().toString().endsWith(".vol"), "a small one a volume record");
        // The kept objects' own blobs are old too: being named by a row is what keeps them.
        Files.setLastModifiedTime(keptFile.file(), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path old = orphan(keptFile.file(), Duration.ofHours(2));
        Path young = orphan(keptFile.file(), Duration.ofSeconds(5));
        Files.delete(lostFile.file());
        // Volumes behind the gateway's back, seen when it starts again: two orphan records in volumes of their
        // own (one old, one young), and a tombstone for the small object's blob that its row still names.
        BlobId oldRecord = new BlobId(randomId());
        BlobId youngRecord = new BlobId(randomId());
        volumeOf(1000, orphanRecord(keptRecord, oldRecord), Duration.ofHours(2));
        volumeOf(1001, orphanRecord(keptRecord, youngRecord), Duration.ofSeconds(5));
        volumeOf(1002, VolumeRecord.tombstone(idOf(lostRecord)).encode(), Duration.ofSeconds(5));
        Files.setLastModifiedTime(keptRecord.file(), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        gateway.restart();
        AdminHttp admin = AdminHttp.of(gateway);

        AdminHttp.Answer answer = admin.post("/v1/integrity/reconciliation", "{}");

        assertEquals(200, answer.status(), answer.raw().body());
        JsonNode report = answer.json();
        assertFalse(Files.exists(old), "an orphan older than the grace is freed");
        assertTrue(Files.exists(young), "a young orphan may be a write about to commit: kept");
        assertTrue(Files.exists(keptFile.file()));
        Set<BlobId> tombstones = tombstones();
        assertTrue(tombstones.contains(oldRecord), "an old orphan record is freed by a tombstone");
        assertFalse(tombstones.contains(youngRecord), "a young orphan record is kept");
        // The pass the gateway runs by itself shortly after start may have been the one to free them.
        assertTrue(report.get("orphansFreed").asLong() <= 2, report.toString());
        assertEquals(2, report.get("missingCount").asLong(), report.toString());
        Set<String> lost = new TreeSet<>();
        report.get("missing").forEach(m -> lost.add(m.get("kind").asText() + " " + m.get("bucket").asText() + "/"
                + m.get("key").asText()));
        assertEquals(Set.of("object " + BUCKET + "/dir/lost", "object " + BUCKET + "/small/lost"), lost);

        JsonNode last = admin.get("/v1/integrity/reconciliation").json();
        assertEquals(2, last.get("missingCount").asLong());
        String metrics = admin.get("/metrics").raw().body();
        // Every meter carries the gateway's id as a tag (--gateway-id): match the sample whatever its tags.
        assertTrue(metrics.matches("(?s).*\ncoffer_integrity_missing_blobs(\\{[^}]*})? 2\\.0\n.*"), metrics);
        assertTrue(metrics.matches("(?s).*\ncoffer_integrity_orphans_freed_total(\\{[^}]*})? 2\\.0\n.*"), metrics);
        try (S3Client s3 = gateway.client()) {
            assertEquals(LARGE, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("kept")).asByteArray().length);
            assertEquals("kept", s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/kept")).asUtf8String());
        }
    }
}
