package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PutObject against the in-memory engine: what is stored and what the client is told. */
class ObjectWriteHandlerTest {
    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("photos");

    static String quotedMd5(String text) throws Exception {
        return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.UTF_8))) + "\"";
    }

    @Test
    void storesTheBodyWithItsHeadersAndAChecksumAndAnswersItsEtag() throws Exception {
        S3Response response = f.writes.putObject(f.request("PUT", "/photos/cats/tom.txt").body("meow")
                .header("Content-Type", "text/plain").header("x-amz-meta-colour", "grey").context());

        assertEquals(200, response.status());
        assertEquals(quotedMd5("meow"), response.firstHeader("ETag"));
        assertEquals("AES256", response.firstHeader("x-amz-server-side-encryption"));
        assertArrayEquals("meow".getBytes(StandardCharsets.UTF_8), f.stored("photos", "cats/tom.txt"));
        ObjectRecord stored = f.storage.findObject(bucket, "cats/tom.txt").orElseThrow();
        assertEquals("text/plain", stored.metadata().contentType());
        assertEquals(Map.of("colour", "grey"), stored.metadata().userMetadata());
        ObjectChecksum checksum = stored.attributes().checksum();
        assertEquals("CRC64NVME", checksum.algorithm());
        assertEquals(ObjectChecksum.FULL_OBJECT, checksum.type());
    }

    @Test
    void anOverwriteReplacesTheBytes() throws Exception {
        f.writes.putObject(f.request("PUT", "/photos/k").body("first").context());
        S3Response second = f.writes.putObject(f.request("PUT", "/photos/k").body("second").context());
        assertEquals(quotedMd5("second"), second.firstHeader("ETag"));
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), f.stored("photos", "k"));
    }

    @Test
    void ifNoneMatchStarRefusesAnExistingKeyAndKeepsIt() {
        f.writes.putObject(f.request("PUT", "/photos/once").body("original").context());
        StoreException refused = assertThrows(StoreException.class, () -> f.writes.putObject(
                f.request("PUT", "/photos/once").header("If-None-Match", "*").body("other").context()));
        assertEquals(StoreException.Reason.PRECONDITION_FAILED, refused.reason());
        assertArrayEquals("original".getBytes(StandardCharsets.UTF_8), f.stored("photos", "once"));
    }

    @Test
    void taggingHeaderAndCannedAclAreStored() {
        f.writes.putObject(f.request("PUT", "/photos/tagged").body("x").header("x-amz-tagging", "a=1&b=two")
                .header("x-amz-acl", "public-read").context());
        ObjectRecord stored = f.storage.findObject(bucket, "tagged").orElseThrow();
        assertEquals(Map.of("a", "1", "b", "two"), stored.attributes().tags());
        assertEquals("public-read", stored.attributes().acl());
    }

    @Test
    void aKeyLongerThan1024BytesOrAnotherAccountsBucketIsRefusedAndNothingIsStored() {
        String longKey = "k".repeat(1025);
        assertEquals(S3ErrorCode.KEY_TOO_LONG, assertThrows(S3Exception.class, () -> f.writes.putObject(
                f.request("PUT", "/photos/" + longKey).body("x").context())).error());
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class, () -> f.writes.putObject(
                f.request("PUT", "/photos/intruder").as(2).body("x").context())).error());
        assertEquals(0, f.storage.bucketContents(bucket).objects());
    }
}
