package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CopyObject against the in-memory engine: shared data, metadata and tagging directives. */
class CopyHandlerTest {
    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("copies");
    private String etag;

    @BeforeEach
    void storeASource() {
        etag = f.writes.putObject(f.request("PUT", "/copies/src").body("payload").header("Content-Type", "text/plain")
                .header("x-amz-tagging", "t=1").context()).firstHeader("ETag");
    }

    @Test
    void aCopySharesTheDataAndKeepsMetadataAndTagsByDefault() {
        S3Response response = f.copies.copyObject(f.request("PUT", "/copies/dst")
                .header("x-amz-copy-source", "/copies/src").context());
        assertEquals(200, response.status());
        assertTrue(text(response).contains("<ETag>" + etag.replace("\"", "&quot;") + "</ETag>")
                || text(response).contains("<ETag>" + etag + "</ETag>"), text(response));
        assertArrayEquals("payload".getBytes(StandardCharsets.UTF_8), f.stored("copies", "dst"));
        ObjectRecord src = f.storage.findObject(bucket, "src").orElseThrow();
        ObjectRecord dst = f.storage.findObject(bucket, "dst").orElseThrow();
        assertEquals(src.blob().id(), dst.blob().id(), "no data copied");
        assertEquals("text/plain", dst.metadata().contentType());
        assertEquals(Map.of("t", "1"), dst.attributes().tags());
    }

    @Test
    void replaceDirectivesTakeTheRequestsHeaders() {
        f.copies.copyObject(f.request("PUT", "/copies/dst").header("x-amz-copy-source", "/copies/src")
                .header("x-amz-metadata-directive", "REPLACE").header("Content-Type", "application/json")
                .header("x-amz-tagging-directive", "REPLACE").header("x-amz-tagging", "n=2").context());
        ObjectRecord dst = f.storage.findObject(bucket, "dst").orElseThrow();
        assertEquals("application/json", dst.metadata().contentType());
        assertEquals(Map.of("n", "2"), dst.attributes().tags());
    }

    @Test
    void aCopyOntoItselfNeedsReplaceAndAMissingSourceIsNoSuchKey() {
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> f.copies.copyObject(
                f.request("PUT", "/copies/src").header("x-amz-copy-source", "/copies/src").context())).error());
        assertEquals(S3ErrorCode.NO_SUCH_KEY, assertThrows(S3Exception.class, () -> f.copies.copyObject(
                f.request("PUT", "/copies/dst").header("x-amz-copy-source", "/copies/missing").context())).error());
    }
}
