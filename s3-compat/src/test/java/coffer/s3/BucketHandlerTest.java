package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.StoreException;
import org.junit.jupiter.api.Test;

/** CreateBucket, ListBuckets, HeadBucket, DeleteBucket against the in-memory engine. */
class BucketHandlerTest {
    private final HandlerFixture f = new HandlerFixture();

    @Test
    void createMakesTheBucketOfTheCaller() {
        S3Response response = f.buckets.createBucket(f.request("PUT", "/new-bucket").context());
        assertEquals(200, response.status());
        assertEquals("/new-bucket", response.firstHeader("Location"));
        assertEquals(1, f.storage.findBucket("new-bucket").orElseThrow().ownerId());
    }

    @Test
    void aNameTakenByAnotherAccountIsRefusedAndAnInvalidNameIsNeverCreated() {
        f.buckets.createBucket(f.request("PUT", "/taken").context());
        StoreException e = assertThrows(StoreException.class,
                () -> f.buckets.createBucket(f.request("PUT", "/taken").as(2).context()));
        assertEquals(StoreException.Reason.BUCKET_ALREADY_EXISTS, e.reason());
        assertEquals(S3ErrorCode.INVALID_BUCKET_NAME, assertThrows(S3Exception.class,
                () -> f.buckets.createBucket(f.request("PUT", "/Bad_Name").context())).error());
        assertTrue(f.storage.findBucket("Bad_Name").isEmpty());
    }

    @Test
    void listShowsOnlyTheCallersBucketsWithItsCanonicalId() {
        f.buckets.createBucket(f.request("PUT", "/mine-b").context());
        f.buckets.createBucket(f.request("PUT", "/mine-a").context());
        f.buckets.createBucket(f.request("PUT", "/theirs").as(2).context());
        String xml = text(f.buckets.listBuckets(f.request("GET", "/").context()));
        assertTrue(xml.indexOf("<Name>mine-a</Name>") < xml.indexOf("<Name>mine-b</Name>"), xml);
        assertTrue(xml.indexOf("<Name>mine-a</Name>") > 0, xml);
        assertFalse(xml.contains("theirs"), xml);
        assertTrue(xml.contains("<ID>" + MemoryAccounts.canonicalIdOf(1) + "</ID>"), xml);
    }

    @Test
    void headAnswersTheRegionAndRefusesStrangers() {
        f.bucket("headed");
        S3Response response = f.buckets.headBucket(f.request("HEAD", "/headed").context());
        assertEquals(200, response.status());
        assertEquals(HandlerFixture.REGION, response.firstHeader("x-amz-bucket-region"));
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> f.buckets.headBucket(f.request("HEAD", "/headed").as(3).context())).error());
        assertEquals(S3ErrorCode.NO_SUCH_BUCKET, assertThrows(S3Exception.class,
                () -> f.buckets.headBucket(f.request("HEAD", "/absent").context())).error());
    }

    @Test
    void deleteNeedsAnEmptyBucket() {
        f.bucket("full");
        f.writes.putObject(f.request("PUT", "/full/k").body("x").context());
        StoreException e = assertThrows(StoreException.class,
                () -> f.buckets.deleteBucket(f.request("DELETE", "/full").context()));
        assertEquals(StoreException.Reason.BUCKET_NOT_EMPTY, e.reason());
        f.deletes.deleteObject(f.request("DELETE", "/full/k").context());
        assertEquals(204, f.buckets.deleteBucket(f.request("DELETE", "/full").context()).status());
        assertTrue(f.storage.findBucket("full").isEmpty());
    }
}
