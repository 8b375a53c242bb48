package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetObject and HeadObject against the in-memory engine: status, headers and the bytes served. */
class ObjectReadHandlerTest {
    private final HandlerFixture f = new HandlerFixture();
    private String etag;

    @BeforeEach
    void storeAnObject() {
        f.bucket("docs");
        etag = f.writes.putObject(f.request("PUT", "/docs/readme.txt").body("hello, world")
                .header("Content-Type", "text/plain").header("x-amz-meta-author", "ann").context())
                .firstHeader("ETag");
    }

    @Test
    void getServesTheBytesWithTheirHeaders() {
        S3Response response = f.reads.getObject(f.request("GET", "/docs/readme.txt").context());
        assertEquals(200, response.status());
        assertEquals("hello, world", text(response));
        assertEquals(12, response.contentLength());
        assertEquals(etag, response.firstHeader("ETag"));
        assertEquals("text/plain", response.firstHeader("Content-Type"));
        assertEquals("ann", response.firstHeader("x-amz-meta-author"));
        assertNotNull(response.firstHeader("Last-Modified"));
    }

    @Test
    void aRangeIsPartialContent() {
        S3Response response = f.reads.getObject(f.request("GET", "/docs/readme.txt").header("Range", "bytes=7-11")
                .context());
        assertEquals(206, response.status());
        assertEquals("world", text(response));
        assertEquals("bytes 7-11/12", response.firstHeader("Content-Range"));
    }

    @Test
    void headHasTheLengthButNoBody() {
        S3Response response = f.reads.headObject(f.request("HEAD", "/docs/readme.txt").context());
        assertEquals(200, response.status());
        assertEquals(12, response.contentLength());
        assertNull(response.body());
    }

    @Test
    void aMatchingIfNoneMatchIsNotModified() {
        S3Response response = f.reads.getObject(f.request("GET", "/docs/readme.txt").header("If-None-Match", etag)
                .context());
        assertEquals(304, response.status());
        assertEquals(etag, response.firstHeader("ETag"));
    }

    @Test
    void aMissingKeyIsNoSuchKeyAndAnotherAccountIsDenied() {
        S3Exception missing = assertThrows(S3Exception.class,
                () -> f.reads.getObject(f.request("GET", "/docs/missing").context()));
        assertEquals(S3ErrorCode.NO_SUCH_KEY, missing.error());
        assertEquals("false", missing.headers().get("x-amz-delete-marker"), "no delete marker (s3-tests)");
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> f.reads.getObject(f.request("GET", "/docs/readme.txt").as(2).context())).error());
    }
}
