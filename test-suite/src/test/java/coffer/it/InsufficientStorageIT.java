package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.BlobFiles;
import coffer.it.support.TestGateway;
import coffer.storage.maintenance.MaintenanceSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A full disk as the client sees it: a free space reserve larger than any disk makes every write fail with 507
 * InsufficientStorage, leaves no blob file behind, and reads and listings keep working.
 */
class InsufficientStorageIT {
    @Test
    void everyWriteIsRefusedWith507AndReadsKeepWorking() throws Exception {
        MaintenanceSchedule unpaced = new MaintenanceSchedule(MaintenanceSchedule.DEFAULT_GC_INTERVAL,
                Duration.ofHours(1), 0, 0);
        try (TestGateway gateway = TestGateway.start((dir, config) -> config
                .minFreeBytes(Long.MAX_VALUE / 4).maintenance(unpaced));
             S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket("full"));

            S3Exception put = assertThrows(S3Exception.class,
                    () -> s3.putObject(b -> b.bucket("full").key("k"), RequestBody.fromString("hello")));
            assertEquals(507, put.statusCode());
            assertEquals("InsufficientStorage", put.awsErrorDetails().errorCode());
            String upload = s3.createMultipartUpload(b -> b.bucket("full").key("mp")).uploadId();
            S3Exception part = assertThrows(S3Exception.class, () -> s3.uploadPart(b -> b.bucket("full").key("mp")
                    .uploadId(upload).partNumber(1), RequestBody.fromString("part")));
            assertEquals(507, part.statusCode());
            assertEquals("InsufficientStorage", part.awsErrorDetails().errorCode());

            assertTrue(BlobFiles.snapshot(gateway.dataDir().resolve("blobs")).isEmpty(), "no blob left behind");
            assertEquals(0, s3.listObjectsV2(b -> b.bucket("full")).keyCount());
            assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("full").key("k")));
            assertEquals(0, s3.listParts(b -> b.bucket("full").key("mp").uploadId(upload)).parts().size());
        }
    }
}
