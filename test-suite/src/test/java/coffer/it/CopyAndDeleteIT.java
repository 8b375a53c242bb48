package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** CopyObject (COPY and REPLACE, onto itself, of multipart objects, conditions, shared blobs) and DeleteObjects. */
class CopyAndDeleteIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client defaults;
    static S3Client whenRequired;

    @BeforeAll
    static void start() throws Exception {
        defaults = gateway.s3();
        whenRequired = gateway.s3WhenRequired();
        defaults.createBucket(b -> b.bucket("copies"));
        defaults.createBucket(b -> b.bucket("other"));
    }

    @Test
    void copyTakesHeadersFromTheSourceAndReplaceFromTheRequest() {
        defaults.putObject(b -> b.bucket("copies").key("src").contentType("text/plain").cacheControl("max-age=9")
                .contentLanguage("de").metadata(Map.of("a", "1")), RequestBody.fromString("content"));
        var copied = defaults.copyObject(b -> b.sourceBucket("copies").sourceKey("src")
                .destinationBucket("other").destinationKey("dst/copy"));
        HeadObjectResponse head = defaults.headObject(b -> b.bucket("other").key("dst/copy"));
        assertEquals(copied.copyObjectResult().eTag(), head.eTag());
        assertEquals("text/plain", head.contentType());
        assertEquals("max-age=9", head.cacheControl());
        assertEquals(Map.of("a", "1"), head.metadata());

        whenRequired.copyObject(b -> b.sourceBucket("copies").sourceKey("src").destinationBucket("copies")
                .destinationKey("replaced").metadataDirective(MetadataDirective.REPLACE)
                .contentType("application/x-new").metadata(Map.of("b", "2")));
        head = defaults.headObject(b -> b.bucket("copies").key("replaced"));
        assertEquals("application/x-new", head.contentType());
        assertNull(head.cacheControl(), "content headers not resent are dropped");
        assertNull(head.contentLanguage());
        assertEquals(Map.of("b", "2"), head.metadata());
        assertEquals("content", defaults.getObjectAsBytes(b -> b.bucket("copies").key("replaced")).asUtf8String());
    }

    @Test
    void copyOntoItselfNeedsReplace() {
        defaults.putObject(b -> b.bucket("copies").key("self").metadata(Map.of("mtime", "1")),
                RequestBody.fromString("same bytes"));
        S3Exception e = assertThrows(S3Exception.class, () -> defaults.copyObject(b -> b.sourceBucket("copies")
                .sourceKey("self").destinationBucket("copies").destinationKey("self")));
        assertEquals("InvalidRequest", e.awsErrorDetails().errorCode());
        // rclone's way of setting a modification time.
        defaults.copyObject(b -> b.sourceBucket("copies").sourceKey("self").destinationBucket("copies")
                .destinationKey("self").metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("mtime", "2")));
        gateway.server().store().collectGarbage(1000, Instant.now().plus(Duration.ofHours(1)));
        var got = defaults.getObjectAsBytes(b -> b.bucket("copies").key("self"));
        assertEquals("same bytes", got.asUtf8String());
        assertEquals(Map.of("mtime", "2"), got.response().metadata());
    }

    @Test
    void deletingOneOfTwoObjectsSharingABlobKeepsTheOther() {
        defaults.putObject(b -> b.bucket("copies").key("twin-a"), RequestBody.fromString("twins"));
        defaults.copyObject(b -> b.sourceBucket("copies").sourceKey("twin-a").destinationBucket("copies")
                .destinationKey("twin-b"));
        defaults.deleteObject(b -> b.bucket("copies").key("twin-a"));
        gateway.server().store().collectGarbage(1000, Instant.now().plus(Duration.ofHours(1)));
        assertEquals("twins", defaults.getObjectAsBytes(b -> b.bucket("copies").key("twin-b")).asUtf8String());
    }

    @Test
    void copyOfAMultipartObjectKeepsItsParts() {
        byte[] first = MultipartIT.random(5 * 1024 * 1024, 11);
        String id = defaults.createMultipartUpload(b -> b.bucket("copies").key("mp-src")).uploadId();
        String e1 = defaults.uploadPart(b -> b.bucket("copies").key("mp-src").uploadId(id).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String e2 = defaults.uploadPart(b -> b.bucket("copies").key("mp-src").uploadId(id).partNumber(2),
                RequestBody.fromString("end")).eTag();
        String etag = defaults.completeMultipartUpload(b -> b.bucket("copies").key("mp-src").uploadId(id)
                .multipartUpload(m -> m.parts(MultipartIT.part(1, e1), MultipartIT.part(2, e2)))).eTag();
        defaults.copyObject(b -> b.sourceBucket("copies").sourceKey("mp-src").destinationBucket("copies")
                .destinationKey("mp-copy"));
        defaults.deleteObject(b -> b.bucket("copies").key("mp-src"));
        gateway.server().store().collectGarbage(1000, Instant.now().plus(Duration.ofHours(1)));
        var part2 = defaults.getObjectAsBytes(b -> b.bucket("copies").key("mp-copy").partNumber(2));
        assertEquals("end", part2.asUtf8String());
        assertEquals(2, part2.response().partsCount());
        assertEquals(etag, part2.response().eTag());
        assertEquals(first.length + 3L, defaults.headObject(b -> b.bucket("copies").key("mp-copy")).contentLength());
    }

    @Test
    void copyConditionsAndMissingSources() {
        var put = defaults.putObject(b -> b.bucket("copies").key("cond-src"), RequestBody.fromString("c"));
        Instant past = Instant.now().minus(Duration.ofDays(1));
        Instant future = Instant.now().plus(Duration.ofDays(1));
        assertCopyError(412, "PreconditionFailed", "cond-src", r -> r.copySourceIfMatch("\"nope\""));
        assertCopyError(412, "PreconditionFailed", "cond-src", r -> r.copySourceIfNoneMatch(put.eTag()));
        assertCopyError(412, "PreconditionFailed", "cond-src", r -> r.copySourceIfUnmodifiedSince(past));
        assertCopyError(412, "PreconditionFailed", "cond-src", r -> r.copySourceIfModifiedSince(future));
        // if-match that holds overrides a failing if-unmodified-since, as AWS decides.
        defaults.copyObject(b -> b.sourceBucket("copies").sourceKey("cond-src").destinationBucket("copies")
                .destinationKey("cond-dst").copySourceIfMatch(put.eTag()).copySourceIfUnmodifiedSince(past));
        assertCopyError(404, "NoSuchKey", "missing", r -> { });
        S3Exception e = assertThrows(S3Exception.class, () -> defaults.copyObject(b -> b.sourceBucket("nobucket")
                .sourceKey("x").destinationBucket("copies").destinationKey("y")));
        assertEquals("NoSuchBucket", e.awsErrorDetails().errorCode());
    }

    private static void assertCopyError(int status, String code, String sourceKey,
            java.util.function.Consumer<software.amazon.awssdk.services.s3.model.CopyObjectRequest.Builder> extra) {
        S3Exception e = assertThrows(S3Exception.class, () -> defaults.copyObject(b -> {
            b.sourceBucket("copies").sourceKey(sourceKey).destinationBucket("copies").destinationKey("cond-dst");
            extra.accept(b);
        }));
        assertEquals(status, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
    }

    @ParameterizedTest(name = "quiet {0}")
    @ValueSource(booleans = {false, true})
    void deleteObjectsReportsDeletedKeysOrOnlyErrors(boolean quiet) {
        for (String k : List.of("d/1", "d/2", "d/3")) {
            defaults.putObject(b -> b.bucket("copies").key(k + quiet), RequestBody.fromString(k));
        }
        S3Client s3 = quiet ? whenRequired : defaults;
        var r = s3.deleteObjects(b -> b.bucket("copies").delete(d -> d.quiet(quiet).objects(
                ObjectIdentifier.builder().key("d/1" + quiet).build(),
                ObjectIdentifier.builder().key("d/2" + quiet).build(),
                ObjectIdentifier.builder().key("never-there").build(),
                ObjectIdentifier.builder().key("d/3" + quiet).versionId("123").build())));
        if (quiet) {
            assertTrue(r.deleted().isEmpty());
        } else {
            assertEquals(List.of("d/1false", "d/2false", "never-there"),
                    r.deleted().stream().map(DeletedObject::key).toList());
        }
        assertEquals(1, r.errors().size());
        assertEquals("NoSuchVersion", r.errors().get(0).code());
        assertEquals(1, defaults.listObjectsV2(b -> b.bucket("copies").prefix("d/")).keyCount());
        defaults.deleteObject(b -> b.bucket("copies").key("d/3" + quiet));
    }

    @Test
    void deleteObjectsNeedsADigestAndWellFormedXml() throws Exception {
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        byte[] body = "<Delete><Object><Key>k</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8);
        var noDigest = RawS3.send(raw.sign(SdkHttpMethod.POST, "/copies", "delete",
                Map.of("Content-Type", "application/xml"), body, Clock.systemUTC()), RawS3.bytes(body));
        assertEquals(400, noDigest.status());
        assertEquals("InvalidRequest", noDigest.errorCode());
        assertTrue(noDigest.body().contains("Missing required header for this request: Content-MD5"));

        byte[] broken = "<Delete><Object><Key>k</Key></Object>".getBytes(StandardCharsets.UTF_8);
        var malformed = RawS3.send(raw.sign(SdkHttpMethod.POST, "/copies", "delete",
                Map.of("Content-MD5", contentMd5(broken)), broken, Clock.systemUTC()), RawS3.bytes(broken));
        assertEquals("MalformedXML", malformed.errorCode());

        StringBuilder many = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) {
            many.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        byte[] tooMany = many.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
        var over = RawS3.send(raw.sign(SdkHttpMethod.POST, "/copies", "delete",
                Map.of("Content-MD5", contentMd5(tooMany)), tooMany, Clock.systemUTC()), RawS3.bytes(tooMany));
        assertEquals("MalformedXML", over.errorCode());

        var withMd5 = RawS3.send(raw.sign(SdkHttpMethod.POST, "/copies", "delete",
                Map.of("Content-MD5", contentMd5(body)), body, Clock.systemUTC()), RawS3.bytes(body));
        assertEquals(200, withMd5.status());
        var badMd5 = RawS3.send(raw.sign(SdkHttpMethod.POST, "/copies", "delete",
                Map.of("Content-MD5", contentMd5(broken)), body, Clock.systemUTC()), RawS3.bytes(body));
        assertEquals("BadDigest", badMd5.errorCode());
    }

    private static String contentMd5(byte[] data) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5")
                .digest(data));
    }
}
