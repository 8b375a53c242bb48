package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.BlobFiles;
import coffer.it.support.GatewayExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Small objects through the whole gateway land in a volume file (docs/architecture.md), read back (whole and
 * ranges), share their blob with copies, and are freed by the garbage collector with a tombstone record.
 */
class VolumesIT {
    /** docs/storage-format.md: a 36-byte record header, then the blob: 62-byte header, data, one 16-byte tag. */
    private static final int RECORD_OF_4_KIB = 36 + 62 + 4096 + 16;
    private static final int TOMBSTONE = 36;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static Path blobDir;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("small"));
        blobDir = gateway.dataDir().resolve("blobs");
    }

    @Test
    void smallObjectsAreRecordsInAVolumeAndTheCollectorTombstonesThem() throws Exception {
        Map<Path, BlobFiles.State> before = BlobFiles.snapshot(blobDir);
        long volumeBytes = volumeBytes();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int n = i;
            puts.add(pool.submit(() -> s3.putObject(b -> b.bucket("small").key("k" + n),
                    RequestBody.fromBytes(content(n)))));
        }
        for (Future<?> f : puts) {
            f.get();
        }
        pool.shutdown();

        Map<Path, BlobFiles.State> after = BlobFiles.snapshot(blobDir);
        assertTrue(after.keySet().stream().filter(p -> !before.containsKey(p))
                .allMatch(p -> p.getFileName().toString().endsWith(".vol")), "no blob file per object: " + after);
        assertEquals(volumeBytes + 24L * RECORD_OF_4_KIB, volumeBytes());
        for (int i = 0; i < 24; i++) {
            int n = i;
            assertArrayEquals(content(n), s3.getObjectAsBytes(b -> b.bucket("small").key("k" + n)).asByteArray());
        }
        assertArrayEquals(Arrays.copyOfRange(content(3), 100, 200), s3.getObjectAsBytes(
                b -> b.bucket("small").key("k3").range("bytes=100-199")).asByteArray());

        // A copy shares the blob: deleting the source frees nothing while the copy refers to it.
        s3.copyObject(b -> b.sourceBucket("small").sourceKey("k0").destinationBucket("small").destinationKey("copy"));
        for (int i = 0; i < 5; i++) {
            int n = i;
            s3.deleteObject(b -> b.bucket("small").key("k" + n));
        }
        long beforeGc = volumeBytes();
        gateway.server().store().collectGarbage(1000, Instant.now().plus(Duration.ofHours(1)));

        assertEquals(beforeGc + 4L * TOMBSTONE, volumeBytes(), "one tombstone per freed blob, none for the shared one");
        assertArrayEquals(content(0), s3.getObjectAsBytes(b -> b.bucket("small").key("copy")).asByteArray());
        assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(b -> b.bucket("small").key("k1")));
        assertArrayEquals(content(5), s3.getObjectAsBytes(b -> b.bucket("small").key("k5")).asByteArray());
    }

    private static byte[] content(int n) {
        byte[] b = new byte[4096];
        new Random(n).nextBytes(b);
        return b;
    }

    private static long volumeBytes() throws Exception {
        Path dir = blobDir.resolve("volumes");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        return BlobFiles.totalBytes(BlobFiles.snapshot(dir));
    }
}
