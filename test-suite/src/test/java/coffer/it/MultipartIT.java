package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Multipart uploads with the AWS SDK v2, default checksums and WHEN_REQUIRED. */
class MultipartIT {
    static final int MIB = 1024 * 1024;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client defaults;
    static S3Client whenRequired;

    @BeforeAll
    static void start() throws Exception {
        defaults = gateway.s3();
        whenRequired = gateway.s3WhenRequired();
        defaults.createBucket(b -> b.bucket("mpart"));
    }

    @ParameterizedTest(name = "default checksums {0}")
    @ValueSource(booleans = {true, false})
    void uploadCompleteAndReadBack(boolean sdkDefaults) throws Exception {
        S3Client s3 = sdkDefaults ? defaults : whenRequired;
        String key = "whole-" + sdkDefaults;
        byte[][] parts = {random(5 * MIB, 1), random(5 * MIB + 7, 2), random(123, 3)};
        String id = s3.createMultipartUpload(b -> b.bucket("mpart").key(key).contentType("text/x-mp")
                .metadata(Map.of("color", "red"))).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        MessageDigest etag = MessageDigest.getInstance("MD5");
        for (int i = 0; i < parts.length; i++) {
            int n = i + 1;
            String e = s3.uploadPart(b -> b.bucket("mpart").key(key).uploadId(id).partNumber(n),
                    RequestBody.fromBytes(parts[i])).eTag();
            assertEquals("\"" + md5(parts[i]) + "\"", e);
            etag.update(MessageDigest.getInstance("MD5").digest(parts[i]));
            done.add(CompletedPart.builder().partNumber(n).eTag(e).build());
        }
        var complete = s3.completeMultipartUpload(b -> b.bucket("mpart").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(done)));
        String expected = "\"" + HexFormat.of().formatHex(etag.digest()) + "-3\"";
        assertEquals(expected, complete.eTag());
        assertEquals("mpart", complete.bucket());
        assertEquals(key, complete.key());

        byte[] all = concat(parts);
        var got = s3.getObjectAsBytes(b -> b.bucket("mpart").key(key));
        assertArrayEquals(all, got.asByteArray());
        assertEquals(expected, got.response().eTag());
        assertEquals("text/x-mp", got.response().contentType());
        assertEquals(Map.of("color", "red"), got.response().metadata());

        // A range across the first part boundary, and one across the second.
        var span = s3.getObjectAsBytes(b -> b.bucket("mpart").key(key).range("bytes=" + (5 * MIB - 10) + "-"
                + (5 * MIB + 9)));
        assertArrayEquals(Arrays.copyOfRange(all, 5 * MIB - 10, 5 * MIB + 10), span.asByteArray());
        var tail = s3.getObjectAsBytes(b -> b.bucket("mpart").key(key).range("bytes=-200"));
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 200, all.length), tail.asByteArray());

        // partNumber on GET and HEAD.
        var p2 = s3.getObjectAsBytes(b -> b.bucket("mpart").key(key).partNumber(2));
        assertArrayEquals(parts[1], p2.asByteArray());
        assertEquals(3, p2.response().partsCount());
        assertEquals("bytes " + (5 * MIB) + "-" + (10 * MIB + 6) + "/" + all.length, p2.response().contentRange());
        var head3 = s3.headObject(b -> b.bucket("mpart").key(key).partNumber(3));
        assertEquals(123L, head3.contentLength());
        assertEquals(3, head3.partsCount());
        assertNull(s3.headObject(b -> b.bucket("mpart").key(key)).partsCount());
        S3Exception e = assertThrows(S3Exception.class,
                () -> s3.headObject(b -> b.bucket("mpart").key(key).partNumber(4)));
        assertEquals(400, e.statusCode(), "InvalidPart, as s3-tests expect (AWS documents 416)");

        var listed = s3.listObjectsV2(b -> b.bucket("mpart").prefix(key)).contents().get(0);
        assertEquals(expected, listed.eTag());
        assertEquals((long) all.length, listed.size());
    }

    @Test
    void partNumberOnASinglePartObjectIsTheWholeObject() {
        defaults.putObject(b -> b.bucket("mpart").key("single"), RequestBody.fromString("just one"));
        var got = defaults.getObjectAsBytes(b -> b.bucket("mpart").key("single").partNumber(1));
        assertEquals("just one", got.asUtf8String());
        assertNull(got.response().partsCount());
        S3Exception past = assertThrows(S3Exception.class,
                () -> defaults.getObjectAsBytes(b -> b.bucket("mpart").key("single").partNumber(2)));
        assertEquals(400, past.statusCode());
        assertEquals("InvalidPart", past.awsErrorDetails().errorCode());
    }

    @Test
    void completeRefusesBadPartLists() {
        String key = "bad-lists";
        String id = defaults.createMultipartUpload(b -> b.bucket("mpart").key(key)).uploadId();
        String small = defaults.uploadPart(b -> b.bucket("mpart").key(key).uploadId(id).partNumber(1),
                RequestBody.fromString("tiny")).eTag();
        String big = defaults.uploadPart(b -> b.bucket("mpart").key(key).uploadId(id).partNumber(2),
                RequestBody.fromBytes(random(5 * MIB, 4))).eTag();
        assertCompleteError(key, id, "InvalidPartOrder", part(2, big), part(1, small));
        assertCompleteError(key, id, "InvalidPart", part(1, "\"00000000000000000000000000000000\""), part(2, big));
        assertCompleteError(key, id, "InvalidPart", part(2, big), part(3, big));
        assertCompleteError(key, id, "EntityTooSmall", part(1, small), part(2, big));
        assertCompleteError("other-key", id, "NoSuchUpload", part(2, big));
        // Still open: complete with the big part alone.
        var first = defaults.completeMultipartUpload(b -> b.bucket("mpart").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(part(2, big))));
        // Completing it again with the same parts answers as the first time (AWS); with other parts it is gone.
        var again = defaults.completeMultipartUpload(b -> b.bucket("mpart").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(part(2, big))));
        assertEquals(first.eTag(), again.eTag());
        assertEquals(first.location(), again.location());
        assertCompleteError(key, id, "NoSuchUpload", part(1, small), part(2, big));
        assertCompleteError("other-key", id, "NoSuchUpload", part(2, big));
        assertEquals("NoSuchUpload", assertThrows(S3Exception.class, () -> defaults.uploadPart(b -> b.bucket("mpart")
                .key(key).uploadId(id).partNumber(1), RequestBody.fromString("late"))).awsErrorDetails().errorCode());
        // Once the object it made is replaced, the completion cannot be repeated.
        defaults.putObject(b -> b.bucket("mpart").key(key), RequestBody.fromString("replaced"));
        assertCompleteError(key, id, "NoSuchUpload", part(2, big));
    }

    @Test
    void abortRemovesTheUpload() {
        String id = defaults.createMultipartUpload(b -> b.bucket("mpart").key("aborted")).uploadId();
        defaults.uploadPart(b -> b.bucket("mpart").key("aborted").uploadId(id).partNumber(1), RequestBody.fromString("x"));
        defaults.abortMultipartUpload(b -> b.bucket("mpart").key("aborted").uploadId(id));
        S3Exception e = assertThrows(S3Exception.class,
                () -> defaults.listParts(b -> b.bucket("mpart").key("aborted").uploadId(id)));
        assertEquals("NoSuchUpload", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
    }

    @Test
    void listPartsPages() {
        String id = defaults.createMultipartUpload(b -> b.bucket("mpart").key("paged")).uploadId();
        for (int n = 1; n <= 5; n++) {
            int part = n;
            whenRequired.uploadPart(b -> b.bucket("mpart").key("paged").uploadId(id).partNumber(part),
                    RequestBody.fromString("part " + part));
        }
        ListPartsResponse first = defaults.listParts(b -> b.bucket("mpart").key("paged").uploadId(id).maxParts(2));
        assertEquals(List.of(1, 2), first.parts().stream().map(Part::partNumber).toList());
        assertTrue(first.isTruncated());
        assertEquals(2, first.nextPartNumberMarker());
        assertEquals(6L, first.parts().get(0).size());
        ListPartsResponse rest = defaults.listParts(b -> b.bucket("mpart").key("paged").uploadId(id)
                .partNumberMarker(first.nextPartNumberMarker()));
        assertEquals(List.of(3, 4, 5), rest.parts().stream().map(Part::partNumber).toList());
        assertFalse(rest.isTruncated());
        defaults.abortMultipartUpload(b -> b.bucket("mpart").key("paged").uploadId(id));
    }

    @Test
    void listMultipartUploadsPagesWithPrefixesAndMarkers() {
        defaults.createBucket(b -> b.bucket("uploads"));
        for (String key : List.of("a", "a", "dir/one", "dir/two", "z")) {
            defaults.createMultipartUpload(b -> b.bucket("uploads").key(key));
        }
        ListMultipartUploadsResponse all = defaults.listMultipartUploads(b -> b.bucket("uploads"));
        assertEquals(List.of("a", "a", "dir/one", "dir/two", "z"),
                all.uploads().stream().map(MultipartUpload::key).toList());
        ListMultipartUploadsResponse rolled = defaults.listMultipartUploads(b -> b.bucket("uploads").delimiter("/"));
        assertEquals(List.of("dir/"), rolled.commonPrefixes().stream().map(p -> p.prefix()).toList());
        assertEquals(3, rolled.uploads().size());

        List<String> seen = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        for (int page = 0; page < 10; page++) {
            String km = keyMarker;
            String im = idMarker;
            var r = defaults.listMultipartUploads(b -> b.bucket("uploads").delimiter("/").maxUploads(1)
                    .keyMarker(km).uploadIdMarker(im));
            r.uploads().forEach(u -> seen.add(u.key()));
            r.commonPrefixes().forEach(p -> seen.add(p.prefix()));
            if (!r.isTruncated()) {
                break;
            }
            keyMarker = r.nextKeyMarker();
            idMarker = r.nextUploadIdMarker();
        }
        assertEquals(List.of("a", "a", "dir/", "z"), seen);
        assertEquals(2, defaults.listMultipartUploads(b -> b.bucket("uploads").prefix("dir/")).uploads().size());
    }

    @Test
    void uploadPartCopyWithRangesAndWholeObjects() {
        byte[] source = random(6 * MIB, 9);
        defaults.putObject(b -> b.bucket("mpart").key("copy-src"), RequestBody.fromBytes(source));
        String id = defaults.createMultipartUpload(b -> b.bucket("mpart").key("copy-dst")).uploadId();
        var whole = defaults.uploadPartCopy(b -> b.sourceBucket("mpart").sourceKey("copy-src")
                .destinationBucket("mpart").destinationKey("copy-dst").uploadId(id).partNumber(1));
        assertEquals("\"" + md5(source) + "\"", whole.copyPartResult().eTag());
        var ranged = whenRequired.uploadPartCopy(b -> b.sourceBucket("mpart").sourceKey("copy-src")
                .destinationBucket("mpart").destinationKey("copy-dst").uploadId(id).partNumber(2)
                .copySourceRange("bytes=100-1099"));
        byte[] range = Arrays.copyOfRange(source, 100, 1100);
        assertEquals("\"" + md5(range) + "\"", ranged.copyPartResult().eTag());
        S3Exception e = assertThrows(S3Exception.class, () -> defaults.uploadPartCopy(b -> b.sourceBucket("mpart")
                .sourceKey("copy-src").destinationBucket("mpart").destinationKey("copy-dst").uploadId(id).partNumber(3)
                .copySourceRange("bytes=0-" + source.length)));
        assertEquals("InvalidRange", e.awsErrorDetails().errorCode(), "a range past the source's end");
        assertEquals(416, e.statusCode());
        defaults.completeMultipartUpload(b -> b.bucket("mpart").key("copy-dst").uploadId(id).multipartUpload(m -> m
                .parts(part(1, whole.copyPartResult().eTag()), part(2, ranged.copyPartResult().eTag()))));
        assertArrayEquals(concat(new byte[][] {source, range}),
                defaults.getObjectAsBytes(b -> b.bucket("mpart").key("copy-dst")).asByteArray());
    }

    private static void assertCompleteError(String key, String id, String code, CompletedPart... parts) {
        S3Exception e = assertThrows(S3Exception.class, () -> defaults.completeMultipartUpload(b -> b.bucket("mpart")
                .key(key).uploadId(id).multipartUpload(m -> m.parts(parts))));
        assertEquals(code, e.awsErrorDetails().errorCode());
    }

    static CompletedPart part(int n, String etag) {
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] data) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
