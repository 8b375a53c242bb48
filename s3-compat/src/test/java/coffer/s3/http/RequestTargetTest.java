package coffer.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTargetTest {
    private static RequestTarget path(String raw) {
        return RequestTarget.of(raw, "127.0.0.1:9000", Optional.of("s3.test"));
    }

    @Test
    void pathStyleKeepsTrickyKeysExactly() {
        assertTrue(path("/").isService());
        assertEquals(new RequestTarget("b", null), path("/b"));
        assertEquals(new RequestTarget("b", null), path("/b/"));
        assertEquals("a/b", path("/b/a%2Fb").key());
        assertEquals("a//b", path("/b/a//b").key());
        assertEquals("/lead", path("/b//lead").key());
        assertEquals("100%", path("/b/100%25").key());
        assertEquals("plus+sign", path("/b/plus+sign").key());
        assertEquals("sp ace", path("/b/sp%20ace").key());
        assertEquals("a/../b", path("/b/a/../b").key());
        assertEquals("été", path("/b/%C3%A9t%C3%A9").key());
        assertEquals("q?x#y", path("/b/q%3Fx%23y").key());
        assertEquals("trailing/", path("/b/trailing/").key());
    }

    @Test
    void virtualHostedStyleTakesTheBucketFromTheHost() {
        RequestTarget t = RequestTarget.of("/a%2Fb", "photos.s3.test:9000", Optional.of("s3.test"));
        assertEquals(new RequestTarget("photos", "a/b"), t);
        RequestTarget bucketOnly = RequestTarget.of("/", "Photos.S3.Test", Optional.of("s3.test"));
        assertEquals("photos", bucketOnly.bucket());
        assertNull(bucketOnly.key());
        // The bare domain is path style.
        assertEquals(new RequestTarget("b", "k"), RequestTarget.of("/b/k", "s3.test", Optional.of("s3.test")));
    }

    @Test
    void brokenEscapesAreClientErrors() {
        assertEquals(S3ErrorCode.INVALID_URI, assertThrows(S3Exception.class, () -> path("/b/%zz")).error());
        assertEquals(S3ErrorCode.INVALID_URI, assertThrows(S3Exception.class, () -> path("/b/%C3")).error());
        assertEquals(S3ErrorCode.INVALID_URI, assertThrows(S3Exception.class, () -> path("/b/%")).error());
    }

    @Test
    void aBucketNameNoBucketCouldHaveIsInvalidBeforeAnyLookup() {
        for (String path : new String[] {"/b%C3%BCcket/k", "/b\u00fccket", "/a%20b/k", "/%00/k", "//k",
            "/" + "a".repeat(256) + "/k"}) {
            assertEquals(S3ErrorCode.INVALID_BUCKET_NAME, assertThrows(S3Exception.class, () -> path(path)).error(),
                    path);
        }
        assertEquals("Legacy_Name.1", path("/Legacy_Name.1/k").bucket());
        assertEquals(S3ErrorCode.INVALID_BUCKET_NAME, assertThrows(S3Exception.class,
                () -> RequestTarget.of("/k", "b\u00fccket.s3.test", Optional.of("s3.test"))).error());
    }
}
