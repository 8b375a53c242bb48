package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.MultipartUploads;
import coffer.storage.ObjectRecord;
import coffer.s3.error.S3Exception;
import coffer.storage.StoreException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Create, UploadPart, UploadPartCopy, Complete, Abort and ListParts against the in-memory engine. */
class MultipartHandlerTest {
    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("big");

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertTrue(m.find(), name + " in " + xml);
        return m.group(1);
    }

    private String create(String key) {
        S3Response response = f.multipart.createMultipartUpload(f.request("POST", "/big/" + key + "?uploads")
                .header("Content-Type", "application/zip").context());
        assertEquals(200, response.status());
        String xml = text(response);
        assertEquals(key, element(xml, "Key"));
        return element(xml, "UploadId");
    }

    private String part(String key, String upload, int n, byte[] body) {
        S3Response response = f.multipart.uploadPart(f.request("PUT", "/big/" + key + "?partNumber=" + n
                + "&uploadId=" + upload).body(body).context());
        assertEquals(200, response.status());
        return response.firstHeader("ETag");
    }

    private S3Response complete(String key, String upload, String... etags) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.length; i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags[i])
                    .append("</ETag></Part>");
        }
        return f.multipart.completeMultipartUpload(f.request("POST", "/big/" + key + "?uploadId=" + upload)
                .body(xml.append("</CompleteMultipartUpload>").toString()).context());
    }

    @Test
    void partsCompleteIntoOneObjectWithAMultipartEtag() throws Exception {
        byte[] first = new byte[(int) MultipartUploads.MIN_PART_SIZE];
        Arrays.fill(first, (byte) 'a');
        byte[] last = "tail".getBytes(StandardCharsets.UTF_8);
        String upload = create("archive.zip");
        String e1 = part("archive.zip", upload, 1, first);
        String e2 = part("archive.zip", upload, 2, last);

        S3Response done = complete("archive.zip", upload, e1, e2);
        assertEquals(200, done.status());
        String etag = element(text(done), "ETag").replace("&quot;", "\"");
        assertTrue(etag.matches("\"[0-9a-f]{32}-2\""), etag);

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(first);
        whole.write(last);
        assertArrayEquals(whole.toByteArray(), f.stored("big", "archive.zip"));
        ObjectRecord stored = f.storage.findObject(bucket, "archive.zip").orElseThrow();
        assertEquals(2, stored.partCount());
        assertEquals("application/zip", stored.metadata().contentType());
        assertTrue(f.storage.multipart().listMultipartUploads(bucket, null, null, null, null, 10).uploads()
                .isEmpty(), "the upload is gone once completed");
    }

    @Test
    void aSmallPartBeforeTheLastIsEntityTooSmall() {
        String upload = create("small");
        String e1 = part("small", upload, 1, new byte[] {1});
        String e2 = part("small", upload, 2, new byte[] {2});
        StoreException e = assertThrows(StoreException.class, () -> complete("small", upload, e1, e2));
        assertEquals(StoreException.Reason.ENTITY_TOO_SMALL, e.reason());
        assertTrue(f.storage.findObject(bucket, "small").isEmpty());
    }

    @Test
    void listPartsShowsWhatWasUploadedAndAbortEndsTheUpload() {
        String upload = create("listed");
        String e1 = part("listed", upload, 1, "one".getBytes(StandardCharsets.UTF_8));
        part("listed", upload, 3, "three".getBytes(StandardCharsets.UTF_8));
        String xml = text(f.multipartLists.listParts(f.request("GET", "/big/listed?uploadId=" + upload).context()));
        assertTrue(xml.contains("<PartNumber>1</PartNumber>") && xml.contains("<PartNumber>3</PartNumber>"), xml);
        assertTrue(xml.contains(e1.replace("\"", "&quot;")) || xml.contains(e1), xml);

        assertEquals(204, f.multipart.abortMultipartUpload(f.request("DELETE", "/big/listed?uploadId=" + upload)
                .context()).status());
        StoreException e = assertThrows(StoreException.class,
                () -> part("listed", upload, 2, new byte[] {1}));
        assertEquals(StoreException.Reason.NO_SUCH_UPLOAD, e.reason());
    }

    @Test
    void uploadPartCopyTakesARangeOfAnObject() {
        f.writes.putObject(f.request("PUT", "/big/source").body("0123456789").context());
        String upload = create("copied");
        S3Response response = f.multipart.uploadPartCopy(f.request("PUT", "/big/copied?partNumber=1&uploadId="
                + upload).header("x-amz-copy-source", "/big/source").header("x-amz-copy-source-range", "bytes=2-5")
                .context());
        assertEquals(200, response.status());
        String etag = element(text(response), "ETag").replace("&quot;", "\"");
        complete("copied", upload, etag);
        assertArrayEquals("2345".getBytes(StandardCharsets.UTF_8), f.stored("big", "copied"));
    }

    @Test
    void aCopyRangePastTheSourceIsInvalidRangeAndAMalformedOneInvalidArgument() {
        f.writes.putObject(f.request("PUT", "/big/short").body("01234").context());
        String upload = create("ranged");
        for (String[] c : new String[][] {{"bytes=0-21", "InvalidRange"}, {"bytes=3-2", "InvalidArgument"},
                {"bytes=0-", "InvalidArgument"}}) {
            S3Exception e = assertThrows(S3Exception.class, () -> f.multipart.uploadPartCopy(f.request("PUT",
                    "/big/ranged?partNumber=1&uploadId=" + upload).header("x-amz-copy-source", "/big/short")
                    .header("x-amz-copy-source-range", c[0]).context()));
            assertEquals(c[1], e.error().code(), c[0]);
        }
    }

    @Test
    void listMultipartUploadsRollsKeysUpByDelimiter() {
        String top = create("top.bin");
        create("dir/a.bin");
        create("dir/b.bin");
        String xml = text(f.multipartLists.listMultipartUploads(f.request("GET", "/big?uploads&delimiter=%2F")
                .context()));
        assertTrue(xml.contains("<Key>top.bin</Key>") && xml.contains("<UploadId>" + top + "</UploadId>"), xml);
        assertTrue(xml.contains("<Prefix>dir/</Prefix>"), xml);
        assertTrue(!xml.contains("<Key>dir/a.bin</Key>"), xml);
        String dir = text(f.multipartLists.listMultipartUploads(f.request("GET", "/big?uploads&prefix=dir%2F")
                .context()));
        assertTrue(dir.contains("<Key>dir/a.bin</Key>") && dir.contains("<Key>dir/b.bin</Key>"), dir);
        assertTrue(!dir.contains("top.bin"), dir);
    }
}
