package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.S3Clients;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bucket versioning with the AWS SDK v2 (docs/versioning.md): Put/GetBucketVersioning, versions kept by PUT,
 * GET/HEAD/DELETE by versionId, delete markers, the null version, ListObjectVersions with its paging, quotas, and
 * the error cases (malformed and unknown version ids, a delete marker read by id, a non-owner, a bucket that still
 * holds versions).
 */
class VersioningIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        admin = gateway.admin();
    }

    @Test
    void theConfigurationIsStoredAndValidated() throws Exception {
        s3.createBucket(b -> b.bucket("vconfig"));
        assertNull(s3.getBucketVersioning(b -> b.bucket("vconfig")).status());
        enable("vconfig", BucketVersioningStatus.SUSPENDED);
        assertEquals(BucketVersioningStatus.SUSPENDED, s3.getBucketVersioning(b -> b.bucket("vconfig")).status());
        enable("vconfig", BucketVersioningStatus.ENABLED);
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("vconfig")).status());
        assertError(400, "MalformedXML", () -> s3.putBucketVersioning(b -> b.bucket("vconfig")
                .versioningConfiguration(c -> c.status("Sometimes"))));
        assertError(404, "NoSuchBucket", () -> s3.getBucketVersioning(b -> b.bucket("vconfig-missing")));
        String[] key = account("vconfig-other");
        try (S3Client other = S3Clients.withoutRetries(gateway.endpoint(), key[0], key[1]).build()) {
            assertError(403, "AccessDenied", () -> other.putBucketVersioning(b -> b.bucket("vconfig")
                    .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED))));
            assertError(403, "AccessDenied", () -> other.getBucketVersioning(b -> b.bucket("vconfig")));
            assertError(403, "AccessDenied", () -> other.listObjectVersions(b -> b.bucket("vconfig")));
        }
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("vconfig")).status());
    }

    @Test
    void everyPutKeepsItsVersion() {
        versioned("vkeep");
        String v1 = s3.putObject(b -> b.bucket("vkeep").key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket("vkeep").key("k"), RequestBody.fromString("two")).versionId();
        assertNotEquals(v1, v2);
        assertEquals("two", read("vkeep", "k", null));
        assertEquals("one", read("vkeep", "k", v1));
        assertEquals(v2, s3.getObject(b -> b.bucket("vkeep").key("k")).response().versionId());
        assertEquals(v1, s3.headObject(b -> b.bucket("vkeep").key("k").versionId(v1)).versionId());
        assertEquals(3L, s3.headObject(b -> b.bucket("vkeep").key("k").versionId(v1)).contentLength());
        // A well-formed id that names no version, a malformed one.
        assertError(404, "NoSuchVersion", () -> s3.getObject(b -> b.bucket("vkeep").key("k")
                .versionId("0".repeat(32))));
        assertError(404, "NoSuchVersion", () -> s3.getObject(b -> b.bucket("vkeep").key("k").versionId("null")));
        assertError(400, "InvalidArgument", () -> s3.getObject(b -> b.bucket("vkeep").key("k")
                .versionId("not-a-version")));
        assertError(400, "InvalidArgument", () -> s3.deleteObject(b -> b.bucket("vkeep").key("k")
                .versionId("not-a-version")));
        // Removing the current version brings the previous one back.
        s3.deleteObject(b -> b.bucket("vkeep").key("k").versionId(v2));
        assertEquals("one", read("vkeep", "k", null));
        assertError(404, "NoSuchVersion", () -> s3.getObject(b -> b.bucket("vkeep").key("k").versionId(v2)));
        // Deleting a missing version is no error.
        s3.deleteObject(b -> b.bucket("vkeep").key("k").versionId(v2));
    }

    @Test
    void aDeleteWritesADeleteMarker() {
        versioned("vmarker");
        String v1 = s3.putObject(b -> b.bucket("vmarker").key("k"), RequestBody.fromString("data")).versionId();
        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket("vmarker").key("k"));
        assertTrue(deleted.deleteMarker());
        String marker = deleted.versionId();
        assertNotEquals(v1, marker);
        S3Exception missing = assertError(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket("vmarker").key("k")));
        assertEquals(Optional.of("true"), header(missing, "x-amz-delete-marker"));
        assertEquals(Optional.of(marker), header(missing, "x-amz-version-id"));
        S3Exception byId = assertError(405, "MethodNotAllowed", () -> s3.getObject(b -> b.bucket("vmarker").key("k")
                .versionId(marker)));
        assertEquals(Optional.of("true"), header(byId, "x-amz-delete-marker"));
        assertEquals("data", read("vmarker", "k", v1));
        assertError(409, "BucketNotEmpty", () -> s3.deleteBucket(b -> b.bucket("vmarker")));
        DeleteObjectResponse unmarked = s3.deleteObject(b -> b.bucket("vmarker").key("k").versionId(marker));
        assertTrue(unmarked.deleteMarker());
        assertEquals(marker, unmarked.versionId());
        assertEquals("data", read("vmarker", "k", null));
        s3.deleteObject(b -> b.bucket("vmarker").key("k").versionId(v1));
        s3.deleteBucket(b -> b.bucket("vmarker"));
    }

    @Test
    void objectsWrittenBeforeVersioningAreTheNullVersion() {
        s3.createBucket(b -> b.bucket("vnull"));
        s3.putObject(b -> b.bucket("vnull").key("k"), RequestBody.fromString("plain"));
        GetObjectResponse plain = s3.getObject(b -> b.bucket("vnull").key("k").versionId("null")).response();
        assertNull(plain.versionId(), "an unversioned bucket answers no version id");
        assertError(404, "NoSuchVersion", () -> s3.getObject(b -> b.bucket("vnull").key("k")
                .versionId("0".repeat(32))));
        enable("vnull", BucketVersioningStatus.ENABLED);
        assertEquals("null", s3.headObject(b -> b.bucket("vnull").key("k")).versionId());
        String v1 = s3.putObject(b -> b.bucket("vnull").key("k"), RequestBody.fromString("new")).versionId();
        assertEquals("plain", read("vnull", "k", "null"));
        s3.deleteObject(b -> b.bucket("vnull").key("k").versionId("null"));
        assertError(404, "NoSuchVersion", () -> s3.getObject(b -> b.bucket("vnull").key("k").versionId("null")));
        assertEquals(v1, s3.headObject(b -> b.bucket("vnull").key("k")).versionId());
        // Suspended: writes replace the null version, the others stay.
        enable("vnull", BucketVersioningStatus.SUSPENDED);
        assertNull(s3.putObject(b -> b.bucket("vnull").key("k"), RequestBody.fromString("s1")).versionId());
        s3.putObject(b -> b.bucket("vnull").key("k"), RequestBody.fromString("s2"));
        assertEquals("s2", read("vnull", "k", "null"));
        assertEquals("new", read("vnull", "k", v1));
        DeleteObjectResponse marker = s3.deleteObject(b -> b.bucket("vnull").key("k"));
        assertTrue(marker.deleteMarker());
        assertEquals("null", marker.versionId());
        assertEquals(2, s3.listObjectVersions(b -> b.bucket("vnull")).versions().size()
                + s3.listObjectVersions(b -> b.bucket("vnull")).deleteMarkers().size());
    }

    @Test
    void listObjectVersionsInterleavesVersionsAndMarkers() {
        versioned("vlist");
        List<String> expected = new ArrayList<>();
        for (String key : List.of("a", "b/1", "b/2", "c")) {
            String first = s3.putObject(b -> b.bucket("vlist").key(key), RequestBody.fromString("1")).versionId();
            String second = s3.putObject(b -> b.bucket("vlist").key(key), RequestBody.fromString("22")).versionId();
            if (key.equals("b/2")) {
                String marker = s3.deleteObject(b -> b.bucket("vlist").key(key)).versionId();
                expected.add(key + " " + marker + " marker latest");
                expected.add(key + " " + second + " version");
            } else {
                expected.add(key + " " + second + " version latest");
            }
            expected.add(key + " " + first + " version");
        }
        assertEquals(expected, listAll("vlist", null, 1000));
        // Every page size gives the same sequence.
        for (int size = 1; size <= 4; size++) {
            assertEquals(expected, listAll("vlist", null, size), "max-keys " + size);
        }
        // With a delimiter, b/ is one common prefix.
        ListObjectVersionsResponse rolled = s3.listObjectVersions(b -> b.bucket("vlist").delimiter("/"));
        assertEquals(List.of("b/"), rolled.commonPrefixes().stream().map(p -> p.prefix()).toList());
        assertEquals(4, rolled.versions().size());
        assertEquals(0, rolled.deleteMarkers().size());
        ListObjectVersionsResponse prefixed = s3.listObjectVersions(b -> b.bucket("vlist").prefix("b/2"));
        assertEquals(3, prefixed.versions().size() + prefixed.deleteMarkers().size());
        assertError(400, "InvalidArgument", () -> s3.listObjectVersions(b -> b.bucket("vlist")
                .versionIdMarker("0".repeat(32))));
    }

    @Test
    void multipartCopyAndMultiDeleteOnAVersionedBucket() {
        versioned("vmulti");
        String upload = s3.createMultipartUpload(b -> b.bucket("vmulti").key("mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("vmulti").key("mp").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        String mp = s3.completeMultipartUpload(b -> b.bucket("vmulti").key("mp").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())))
                .versionId();
        assertEquals(32, mp.length());
        String copy = s3.copyObject(b -> b.sourceBucket("vmulti").sourceKey("mp").destinationBucket("vmulti")
                .destinationKey("mp").metadataDirective("REPLACE")).versionId();
        assertNotEquals(mp, copy);
        assertEquals("part", read("vmulti", "mp", mp));
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket("vmulti").delete(d -> d.objects(
                ObjectIdentifier.builder().key("mp").versionId(mp).build(),
                ObjectIdentifier.builder().key("mp").build())));
        assertEquals(2, r.deleted().size(), r.toString());
        assertTrue(r.deleted().stream().anyMatch(d -> Boolean.TRUE.equals(d.deleteMarker())
                && d.deleteMarkerVersionId() != null));
        assertError(404, "NoSuchVersion", () -> s3.getObject(b -> b.bucket("vmulti").key("mp").versionId(mp)));
        assertEquals("part", read("vmulti", "mp", copy));
    }

    @Test
    void aRepeatedCompletionAnswersWithTheVersionItMade() {
        versioned("vretry");
        String upload = s3.createMultipartUpload(b -> b.bucket("vretry").key("mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("vretry").key("mp").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        Executable complete = () -> s3.completeMultipartUpload(b -> b.bucket("vretry").key("mp").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        var first = s3.completeMultipartUpload(b -> b.bucket("vretry").key("mp").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        // A retry (the client never saw the first answer) is 200 with the same result, also once a newer version
        // was written over it, and it makes no version of its own.
        s3.putObject(b -> b.bucket("vretry").key("mp"), RequestBody.fromString("newer"));
        var again = s3.completeMultipartUpload(b -> b.bucket("vretry").key("mp").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals(first.eTag(), again.eTag());
        assertEquals(first.versionId(), again.versionId());
        assertEquals(first.location(), again.location());
        assertEquals(List.of("mp " + first.versionId() + " version"),
                listAll("vretry", "mp", 10).stream().filter(v -> !v.endsWith("latest")).toList());
        assertEquals("newer", read("vretry", "mp", null));
        // Once that version is deleted, the upload is gone for good.
        s3.deleteObject(b -> b.bucket("vretry").key("mp").versionId(first.versionId()));
        assertError(404, "NoSuchUpload", complete);
    }

    @Test
    void anOldVersionIsRestoredByCopyingItOntoItsKey() {
        versioned("vrestore");
        String good = s3.putObject(b -> b.bucket("vrestore").key("f"), RequestBody.fromString("good")).versionId();
        s3.putObject(b -> b.bucket("vrestore").key("f"), RequestBody.fromString("ransom"));
        String marker = s3.deleteObject(b -> b.bucket("vrestore").key("f")).versionId();
        var copied = s3.copyObject(b -> b.sourceBucket("vrestore").sourceKey("f").sourceVersionId(good)
                .destinationBucket("vrestore").destinationKey("f"));
        assertEquals(good, copied.copySourceVersionId());
        assertEquals("good", read("vrestore", "f", null));
        assertError(400, "InvalidRequest", () -> s3.copyObject(b -> b.sourceBucket("vrestore").sourceKey("f")
                .sourceVersionId(marker).destinationBucket("vrestore").destinationKey("g")));
        assertError(404, "NoSuchVersion", () -> s3.copyObject(b -> b.sourceBucket("vrestore").sourceKey("f")
                .sourceVersionId("0".repeat(32)).destinationBucket("vrestore").destinationKey("g")));
        // UploadPartCopy from a noncurrent version.
        String upload = s3.createMultipartUpload(b -> b.bucket("vrestore").key("p")).uploadId();
        String etag = s3.uploadPartCopy(b -> b.sourceBucket("vrestore").sourceKey("f").sourceVersionId(good)
                .destinationBucket("vrestore").destinationKey("p").uploadId(upload).partNumber(1))
                .copyPartResult().eTag();
        s3.completeMultipartUpload(b -> b.bucket("vrestore").key("p").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals("good", read("vrestore", "p", null));
    }

    @Test
    void tagsAclsAndAttributesOfOneVersion() {
        versioned("vattr");
        String v1 = s3.putObject(b -> b.bucket("vattr").key("k").tagging("a=1"), RequestBody.fromString("x"))
                .versionId();
        String v2 = s3.putObject(b -> b.bucket("vattr").key("k").tagging("a=2"), RequestBody.fromString("yy"))
                .versionId();
        assertEquals("1", s3.getObjectTagging(b -> b.bucket("vattr").key("k").versionId(v1)).tagSet().get(0).value());
        assertEquals(v1, s3.getObjectTagging(b -> b.bucket("vattr").key("k").versionId(v1)).versionId());
        s3.putObjectTagging(b -> b.bucket("vattr").key("k").versionId(v1)
                .tagging(t -> t.tagSet(software.amazon.awssdk.services.s3.model.Tag.builder().key("b").value("3")
                        .build())));
        assertEquals("b", s3.getObjectTagging(b -> b.bucket("vattr").key("k").versionId(v1)).tagSet().get(0).key());
        assertEquals("2", s3.getObjectTagging(b -> b.bucket("vattr").key("k")).tagSet().get(0).value(),
                "the current version keeps its tags");
        s3.deleteObjectTagging(b -> b.bucket("vattr").key("k").versionId(v1));
        assertTrue(s3.getObjectTagging(b -> b.bucket("vattr").key("k").versionId(v1)).tagSet().isEmpty());
        s3.putObjectAcl(b -> b.bucket("vattr").key("k").versionId(v1).acl("public-read"));
        assertEquals(2, s3.getObjectAcl(b -> b.bucket("vattr").key("k").versionId(v1)).grants().size());
        assertEquals(1, s3.getObjectAcl(b -> b.bucket("vattr").key("k")).grants().size());
        assertEquals(1L, s3.getObjectAttributes(b -> b.bucket("vattr").key("k").versionId(v1)
                .objectAttributes(software.amazon.awssdk.services.s3.model.ObjectAttributes.OBJECT_SIZE))
                .objectSize());
        assertError(404, "NoSuchVersion", () -> s3.getObjectTagging(b -> b.bucket("vattr").key("k")
                .versionId("0".repeat(32))));
        assertError(400, "InvalidArgument", () -> s3.putObjectAcl(b -> b.bucket("vattr").key("k")
                .versionId("bad").acl("private")));
        assertNotEquals(v1, v2);
    }

    @Test
    void theQuotaCountsEveryVersion() throws Exception {
        String[] key = account("vquota");
        try (S3Client own = S3Clients.withoutRetries(gateway.endpoint(), key[0], key[1]).build()) {
            own.createBucket(b -> b.bucket("vquota"));
            own.putBucketVersioning(b -> b.bucket("vquota")
                    .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
            String v1 = own.putObject(b -> b.bucket("vquota").key("k"), RequestBody.fromString("12345")).versionId();
            own.putObject(b -> b.bucket("vquota").key("k"), RequestBody.fromString("123"));
            own.deleteObject(b -> b.bucket("vquota").key("k"));
            assertUsage("vquota", 8, 2);
            own.deleteObject(b -> b.bucket("vquota").key("k").versionId(v1));
            assertUsage("vquota", 3, 1);
        }
    }

    private static void assertUsage(String account, long bytes, long objects) throws Exception {
        JsonNode usage = admin.get("/v1/accounts/" + account).json().get("usage");
        assertEquals(bytes, usage.get("usedBytes").asLong(), usage.toString());
        assertEquals(objects, usage.get("objectCount").asLong(), usage.toString());
        for (JsonNode a : admin.post("/v1/usage/reconcile", "").json().get("accounts")) {
            if (a.get("name").asText().equals(account)) {
                assertEquals(0, a.get("driftBytes").asLong(), a.toString());
                assertEquals(0, a.get("driftObjects").asLong(), a.toString());
            }
        }
    }

    /** Every entry of the listing, page by page: "key versionId kind [latest]". */
    private static List<String> listAll(String bucket, String prefix, int pageSize) {
        List<String> all = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String km = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix)
                    .maxKeys(pageSize).keyMarker(km).versionIdMarker(vm));
            // The SDK splits versions and markers; their order is restored by key, then newest first.
            List<String[]> entries = new ArrayList<>();
            page.versions().forEach(v -> entries.add(new String[] {v.key(), v.versionId(),
                    "version" + (v.isLatest() ? " latest" : "")}));
            page.deleteMarkers().forEach(m -> entries.add(new String[] {m.key(), m.versionId(),
                    "marker" + (m.isLatest() ? " latest" : "")}));
            entries.sort((x, y) -> x[0].equals(y[0]) ? x[1].compareTo(y[1]) : x[0].compareTo(y[0]));
            entries.forEach(e -> all.add(e[0] + " " + e[1] + " " + e[2]));
            assertTrue(entries.size() <= pageSize);
            if (!page.isTruncated()) {
                return all;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    private static String[] account(String name) throws Exception {
        AdminHttp.Answer a = admin.post("/v1/accounts", "{\"name\":\"" + name + "\"}");
        assertEquals(201, a.status(), a.raw().body());
        return new String[] {a.json().at("/key/accessKeyId").asText(), a.json().at("/key/secretKey").asText()};
    }

    private static void versioned(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        enable(bucket, BucketVersioningStatus.ENABLED);
    }

    private static void enable(String bucket, BucketVersioningStatus status) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(status)));
    }

    private static String read(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    private static Optional<String> header(S3Exception e, String name) {
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name);
    }

    private static S3Exception assertError(int status, String code, Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(status, e.statusCode(), e.getMessage());
        if (e.awsErrorDetails().errorCode() != null) {
            assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        }
        assertFalse(e.statusCode() >= 500, e.getMessage());
        return e;
    }
}
