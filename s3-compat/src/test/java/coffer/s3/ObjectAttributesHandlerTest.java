package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import org.junit.jupiter.api.Test;

/** GetObjectAttributes against the in-memory engine: only the attributes asked for, from the stored row. */
class ObjectAttributesHandlerTest {
    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("attrs");

    @Test
    void answersTheAttributesAskedForFromTheStoredObject() {
        f.writes.putObject(f.request("PUT", "/attrs/k").body("twelve bytes").context());
        ObjectRecord stored = f.storage.findObject(bucket, "k").orElseThrow();
        S3Response response = f.attributes.getObjectAttributes(f.request("GET", "/attrs/k?attributes")
                .header("x-amz-object-attributes", "ETag,ObjectSize,Checksum").context());
        assertEquals(200, response.status());
        String xml = text(response);
        assertTrue(xml.contains("<ETag>" + stored.etag() + "</ETag>"), xml);
        assertTrue(xml.contains("<ObjectSize>12</ObjectSize>"), xml);
        assertTrue(xml.contains("<ChecksumCRC64NVME>" + stored.attributes().checksum().value()
                + "</ChecksumCRC64NVME>"), xml);
        assertFalse(xml.contains("<StorageClass>"), xml);
    }

    @Test
    void aMissingObjectIsNoSuchKeyAndAnotherAccountIsDenied() {
        assertEquals(S3ErrorCode.NO_SUCH_KEY, assertThrows(S3Exception.class, () -> f.attributes.getObjectAttributes(
                f.request("GET", "/attrs/none?attributes").header("x-amz-object-attributes", "ETag").context())).error());
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class, () -> f.attributes
                .getObjectAttributes(f.request("GET", "/attrs/none?attributes").as(2)
                        .header("x-amz-object-attributes", "ETag").context())).error());
    }
}
