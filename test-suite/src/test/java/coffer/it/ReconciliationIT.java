package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reconciliation through the admin API of a real gateway: an orphaned blob file older than the grace is freed, a
 * young one is kept, and an object whose blob file is gone is reported as data loss (API and metric).
 */
class ReconciliationIT {
    private static final String BUCKET = "reconcile-it";
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        // A GC grace of zero: the orphan grace is still its floor of one minute.
        gateway = TestGateway.start(Optional.empty(), Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Path blobDir() {
        return gateway.dataDir().resolve("blobs");
    }

    private static Path orphan(Path like, Duration age) throws Exception {
        byte[] id = new byte[16];
        new Random().nextBytes(id);
        String name = HexFormat.of().formatHex(id);
        Path file = blobDir().resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
        Files.createDirectories(file.getParent());
        Files.copy(like, file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void freesOldOrphansKeepsYoungOnesAndReportsLostObjects() throws Exception {
        Path keptFile;
        Path lostFile;
        try (S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            Map<Path, BlobFiles.State> before = BlobFiles.snapshot(blobDir());
            s3.putObject(b -> b.bucket(BUCKET).key("kept"), RequestBody.fromString("kept"));
            Map<Path, BlobFiles.State> afterKept = BlobFiles.snapshot(blobDir());
            keptFile = BlobFiles.theOneWritten(before, afterKept);
            s3.putObject(b -> b.bucket(BUCKET).key("dir/lost"), RequestBody.fromString("lost"));
            lostFile = BlobFiles.theOneWritten(afterKept, BlobFiles.snapshot(blobDir()));
        }
        // The kept object's own file is old too: being named by a row is what keeps it.
        Files.setLastModifiedTime(keptFile, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path old = orphan(keptFile, Duration.ofHours(2));
        Path young = orphan(keptFile, Duration.ofSeconds(5));
        Files.delete(lostFile);
        AdminHttp admin = AdminHttp.of(gateway);

        AdminHttp.Answer answer = admin.post("/v1/integrity/reconciliation", "{}");

        assertEquals(200, answer.status(), answer.raw().body());
        JsonNode report = answer.json();
        assertFalse(Files.exists(old), "an orphan older than the grace is freed");
        assertTrue(Files.exists(young), "a young orphan may be a write about to commit: kept");
        assertTrue(Files.exists(keptFile));
        // The pass the gateway runs by itself shortly after start may have been the one to free it.
        assertTrue(report.get("orphansFreed").asLong() <= 1, report.toString());
        assertEquals(1, report.get("missingCount").asLong());
        JsonNode lost = report.get("missing").get(0);
        assertEquals(BUCKET, lost.get("bucket").asText());
        assertEquals("dir/lost", lost.get("key").asText());
        assertEquals("object", lost.get("kind").asText());

        JsonNode last = admin.get("/v1/integrity/reconciliation").json();
        assertEquals(1, last.get("missingCount").asLong());
        String metrics = admin.get("/metrics").raw().body();
        assertTrue(metrics.contains("coffer_integrity_missing_blobs 1.0"), metrics);
        assertTrue(metrics.contains("coffer_integrity_orphans_freed_total 1.0"), metrics);
        try (S3Client s3 = gateway.client()) {
            assertEquals("kept", s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("kept")).asUtf8String());
        }
    }
}
