package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.storage.Bucket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Object and bucket tagging against the in-memory engine. */
class TaggingHandlerTest {
    private static final String TAGS = "<Tagging><TagSet><Tag><Key>team</Key><Value>blue</Value></Tag>"
            + "<Tag><Key>tier</Key><Value>gold</Value></Tag></TagSet></Tagging>";

    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("tags");

    @Test
    void objectTagsArePutReadAndDeleted() {
        f.writes.putObject(f.request("PUT", "/tags/k").body("x").context());
        assertEquals(200, f.tagging.putObjectTagging(f.request("PUT", "/tags/k?tagging").body(TAGS).contentMd5()
                .context()).status());
        assertEquals(Map.of("team", "blue", "tier", "gold"),
                f.storage.findObject(bucket, "k").orElseThrow().attributes().tags());
        String xml = text(f.tagging.getObjectTagging(f.request("GET", "/tags/k?tagging").context()));
        assertTrue(xml.contains("<Key>team</Key><Value>blue</Value>"), xml);
        assertEquals(204, f.tagging.deleteObjectTagging(f.request("DELETE", "/tags/k?tagging").context()).status());
        assertEquals(Map.of(), f.storage.findObject(bucket, "k").orElseThrow().attributes().tags());
    }

    @Test
    void taggingAMissingObjectOrWithoutAnIntegrityHeaderIsRefused() {
        assertEquals(S3ErrorCode.NO_SUCH_KEY, assertThrows(S3Exception.class, () -> f.tagging.getObjectTagging(
                f.request("GET", "/tags/missing?tagging").context())).error());
        f.writes.putObject(f.request("PUT", "/tags/k").body("x").context());
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> f.tagging.putObjectTagging(
                f.request("PUT", "/tags/k?tagging").body(TAGS).context())).error());
        assertEquals(Map.of(), f.storage.findObject(bucket, "k").orElseThrow().attributes().tags());
    }

    @Test
    void bucketTagsAreADocumentOfTheBucket() {
        assertEquals(S3ErrorCode.NO_SUCH_TAG_SET, assertThrows(S3Exception.class, () -> f.tagging.getBucketTagging(
                f.request("GET", "/tags?tagging").context())).error());
        f.tagging.putBucketTagging(f.request("PUT", "/tags?tagging").body(TAGS).contentMd5().context());
        String xml = text(f.tagging.getBucketTagging(f.request("GET", "/tags?tagging").context()));
        assertTrue(xml.contains("<Key>tier</Key><Value>gold</Value>"), xml);
        f.tagging.deleteBucketTagging(f.request("DELETE", "/tags?tagging").context());
        assertEquals(S3ErrorCode.NO_SUCH_TAG_SET, assertThrows(S3Exception.class, () -> f.tagging.getBucketTagging(
                f.request("GET", "/tags?tagging").context())).error());
    }
}
