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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DeleteObject and DeleteObjects against the in-memory engine. */
class DeleteHandlerTest {
    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("trash");

    @BeforeEach
    void storeObjects() {
        for (String key : new String[] {"a", "b", "c"}) {
            f.writes.putObject(f.request("PUT", "/trash/" + key).body(key).context());
        }
    }

    private static String md5(String body) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deleteRemovesTheObjectAndAMissingKeyIsNoError() {
        S3Response response = f.deletes.deleteObject(f.request("DELETE", "/trash/a").context());
        assertEquals(204, response.status());
        assertTrue(f.storage.findObject(bucket, "a").isEmpty());
        assertEquals(204, f.deletes.deleteObject(f.request("DELETE", "/trash/a").context()).status());
        assertEquals(2, f.storage.bucketContents(bucket).objects());
    }

    @Test
    void deleteObjectsReportsEachKey() throws Exception {
        String xml = "<Delete><Object><Key>a</Key></Object><Object><Key>c</Key></Object>"
                + "<Object><Key>never</Key></Object></Delete>";
        S3Response response = f.deletes.deleteObjects(f.request("POST", "/trash?delete").body(xml)
                .header("Content-MD5", md5(xml)).context());
        assertEquals(200, response.status());
        String result = text(response);
        assertTrue(result.contains("<Deleted><Key>a</Key></Deleted>"), result);
        assertTrue(result.contains("<Deleted><Key>c</Key></Deleted>"), result);
        assertTrue(result.contains("<Deleted><Key>never</Key></Deleted>"), result);
        assertTrue(f.storage.findObject(bucket, "a").isEmpty());
        assertTrue(f.storage.findObject(bucket, "b").isPresent());
        assertTrue(f.storage.findObject(bucket, "c").isEmpty());
    }

    @Test
    void quietDeleteObjectsListsOnlyErrorsAndNeedsContentMd5() throws Exception {
        String xml = "<Delete><Quiet>true</Quiet><Object><Key>b</Key></Object></Delete>";
        assertEquals(S3ErrorCode.INVALID_REQUEST, assertThrows(S3Exception.class, () -> f.deletes.deleteObjects(
                f.request("POST", "/trash?delete").body(xml).context())).error());
        assertTrue(f.storage.findObject(bucket, "b").isPresent(), "nothing deleted without Content-MD5");
        String result = text(f.deletes.deleteObjects(f.request("POST", "/trash?delete").body(xml)
                .header("Content-MD5", md5(xml)).context()));
        assertFalse(result.contains("<Deleted>"), result);
        assertTrue(f.storage.findObject(bucket, "b").isEmpty());
    }

    @Test
    void anotherAccountMayNotDelete() {
        assertEquals(S3ErrorCode.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> f.deletes.deleteObject(f.request("DELETE", "/trash/a").as(2).context())).error());
        assertTrue(f.storage.findObject(bucket, "a").isPresent());
    }
}
