package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * DeleteObject with If-Match, x-amz-if-match-last-modified-time and x-amz-if-match-size, and DeleteObjects with
 * per-object ETag, LastModifiedTime and Size, with the AWS SDK v2.
 */
class ConditionalDeleteIT {
    static final String BUCKET = "cond-delete";
    static final Instant LONG_AGO = Instant.parse("2015-01-01T00:00:00Z");
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @Test
    void deleteObjectIfMatch() {
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("etag"), RequestBody.fromString("x")).eTag();
        assertPreconditionFailed(() -> s3.deleteObject(b -> b.bucket(BUCKET).key("etag").ifMatch("\"badetag\"")));
        assertTrue(exists("etag"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("etag").ifMatch(etag));
        assertTrue(!exists("etag"));
        // A missing key is no error, whatever the condition.
        s3.deleteObject(b -> b.bucket(BUCKET).key("etag").ifMatch("badetag"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("etag").ifMatch("*"));
        s3.putObject(b -> b.bucket(BUCKET).key("etag"), RequestBody.fromString("y"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("etag").ifMatch("*"));
        assertTrue(!exists("etag"));
    }

    @Test
    void deleteObjectIfMatchLastModifiedTimeAndSize() {
        s3.putObject(b -> b.bucket(BUCKET).key("time-size"), RequestBody.fromString("four"));
        Instant mtime = s3.headObject(b -> b.bucket(BUCKET).key("time-size")).lastModified();
        assertPreconditionFailed(() -> s3.deleteObject(b -> b.bucket(BUCKET).key("time-size")
                .ifMatchLastModifiedTime(LONG_AGO)));
        assertPreconditionFailed(() -> s3.deleteObject(b -> b.bucket(BUCKET).key("time-size").ifMatchSize(5L)));
        assertPreconditionFailed(() -> s3.deleteObject(b -> b.bucket(BUCKET).key("time-size")
                .ifMatchLastModifiedTime(mtime).ifMatchSize(3L)));
        s3.deleteObject(b -> b.bucket(BUCKET).key("time-size").ifMatchLastModifiedTime(mtime).ifMatchSize(4L));
        assertTrue(!exists("time-size"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("time-size").ifMatchSize(9999L));
    }

    @Test
    void deleteObjectsChecksEachObjectsConditions() {
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("many-etag"), RequestBody.fromString("x")).eTag();
        s3.putObject(b -> b.bucket(BUCKET).key("many-time"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket(BUCKET).key("many-size"), RequestBody.fromString("xyz"));
        Instant mtime = s3.headObject(b -> b.bucket(BUCKET).key("many-time")).lastModified();

        DeleteObjectsResponse refused = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("many-etag").eTag("badetag").build(),
                ObjectIdentifier.builder().key("many-time").lastModifiedTime(LONG_AGO).build(),
                ObjectIdentifier.builder().key("many-size").size(1L).build())));
        assertEquals(3, refused.errors().size());
        refused.errors().forEach(e -> assertEquals("PreconditionFailed", e.code(), e.key()));
        assertEquals(0, refused.deleted().size());

        DeleteObjectsResponse done = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("many-etag").eTag(etag).build(),
                ObjectIdentifier.builder().key("many-time").lastModifiedTime(mtime).build(),
                ObjectIdentifier.builder().key("many-size").size(3L).build(),
                ObjectIdentifier.builder().key("never-there").eTag("badetag").build())));
        assertEquals(0, done.errors().size(), done.errors().toString());
        assertEquals(4, done.deleted().size());
        assertTrue(!exists("many-etag") && !exists("many-time") && !exists("many-size"));
    }

    private static boolean exists(String key) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    private static void assertPreconditionFailed(Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(412, e.statusCode());
        assertEquals("PreconditionFailed", e.awsErrorDetails().errorCode());
    }
}
