package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/** Canned object ACLs as anonymous callers see them, and object tagging, SDK v2 (other accounts: AclIT). */
class ObjectAclAndTaggingIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static S3Client whenRequired;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        whenRequired = gateway.s3WhenRequired();
        s3.createBucket(b -> b.bucket("acls"));
    }

    static HttpResponse<String> anonymous(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("x")
                : HttpRequest.BodyPublishers.noBody();
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + path)).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static boolean publicGrant(List<Grant> grants) {
        return grants.stream().anyMatch(g -> g.permission() == Permission.READ
                && "http://acs.amazonaws.com/groups/global/AllUsers".equals(g.grantee().uri()));
    }

    @Test
    void anonymousReadsOnlyPublicReadObjects() throws Exception {
        s3.putObject(b -> b.bucket("acls").key("public/a b.txt").acl(ObjectCannedACL.PUBLIC_READ)
                .contentType("text/plain"), RequestBody.fromString("hello world"));
        s3.putObject(b -> b.bucket("acls").key("private.txt"), RequestBody.fromString("secret"));

        HttpResponse<String> get = anonymous("GET", "/acls/public/a%20b.txt");
        assertEquals(200, get.statusCode());
        assertEquals("hello world", get.body());
        assertEquals("text/plain", get.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(200, anonymous("HEAD", "/acls/public/a%20b.txt").statusCode());
        HttpResponse<String> range = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint()
                + "/acls/public/a%20b.txt")).header("Range", "bytes=0-4").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(206, range.statusCode());
        assertEquals("hello", range.body());

        HttpResponse<String> denied = anonymous("GET", "/acls/private.txt");
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("<Code>AccessDenied</Code>"), denied.body());
        assertEquals(403, anonymous("GET", "/acls/missing").statusCode(), "a missing key is AccessDenied too");
        assertEquals(403, anonymous("HEAD", "/acls/private.txt").statusCode());
        assertEquals(403, anonymous("GET", "/acls").statusCode(), "no anonymous listing");
        assertEquals(403, anonymous("GET", "/acls/public/a%20b.txt?acl").statusCode());
        assertEquals(403, anonymous("GET", "/acls/public/a%20b.txt?tagging").statusCode());
        assertEquals(403, anonymous("PUT", "/acls/public/a%20b.txt").statusCode(), "no anonymous writes");
        assertEquals(403, anonymous("DELETE", "/acls/public/a%20b.txt").statusCode());
        assertEquals(404, anonymous("GET", "/no-such-bucket-here/x").statusCode());
        assertEquals("hello world", s3.getObjectAsBytes(b -> b.bucket("acls").key("public/a b.txt")).asUtf8String());
    }

    @Test
    void objectAclsRoundTripAndApplyToCopiesAndMultipart() throws Exception {
        s3.putObject(b -> b.bucket("acls").key("flip"), RequestBody.fromString("data"));
        assertTrue(!publicGrant(s3.getObjectAcl(b -> b.bucket("acls").key("flip")).grants()));
        s3.putObjectAcl(b -> b.bucket("acls").key("flip").acl(ObjectCannedACL.PUBLIC_READ));
        assertTrue(publicGrant(s3.getObjectAcl(b -> b.bucket("acls").key("flip")).grants()));
        assertEquals(200, anonymous("GET", "/acls/flip").statusCode());
        s3.putObjectAcl(b -> b.bucket("acls").key("flip").acl(ObjectCannedACL.PRIVATE));
        assertEquals(403, anonymous("GET", "/acls/flip").statusCode());

        // A copy gets the ACL of its own request: private unless it asks.
        s3.putObjectAcl(b -> b.bucket("acls").key("flip").acl(ObjectCannedACL.PUBLIC_READ));
        s3.copyObject(b -> b.sourceBucket("acls").sourceKey("flip").destinationBucket("acls").destinationKey("c1"));
        assertEquals(403, anonymous("GET", "/acls/c1").statusCode());
        s3.copyObject(b -> b.sourceBucket("acls").sourceKey("flip").destinationBucket("acls").destinationKey("c2")
                .acl(ObjectCannedACL.PUBLIC_READ));
        assertEquals(200, anonymous("GET", "/acls/c2").statusCode());

        String id = s3.createMultipartUpload(b -> b.bucket("acls").key("mp").acl(ObjectCannedACL.PUBLIC_READ)
                .tagging("via=multipart")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("acls").key("mp").uploadId(id).partNumber(1),
                RequestBody.fromString("parts")).eTag();
        s3.completeMultipartUpload(b -> b.bucket("acls").key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals("parts", anonymous("GET", "/acls/mp").body());
        assertEquals(List.of(Tag.builder().key("via").value("multipart").build()),
                s3.getObjectTagging(b -> b.bucket("acls").key("mp")).tagSet());

        s3.putObjectAcl(b -> b.bucket("acls").key("flip").acl(ObjectCannedACL.AUTHENTICATED_READ));
        assertEquals(403, anonymous("GET", "/acls/flip").statusCode(), "authenticated-read is not for anonymous");
        S3Exception missing = assertThrows(S3Exception.class, () -> s3.getObjectAcl(b -> b.bucket("acls")
                .key("nope")));
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
    }

    @Test
    void taggingOnPutCopyAndTheTaggingOperations() {
        for (S3Client client : List.of(s3, whenRequired)) {
            String key = "tagged-" + (client == s3);
            client.putObject(b -> b.bucket("acls").key(key).tagging("project=blue sky&empty="),
                    RequestBody.fromString("t"));
            assertEquals(Map.of("project", "blue sky", "empty", ""),
                    tags(client.getObjectTagging(b -> b.bucket("acls").key(key)).tagSet()));
            assertEquals(2, client.getObject(b -> b.bucket("acls").key(key), (r, in) -> r).tagCount());

            client.putObjectTagging(b -> b.bucket("acls").key(key).tagging(t -> t.tagSet(
                    Tag.builder().key("k1").value("v1").build(), Tag.builder().key("k2").value("ü").build())));
            assertEquals(Map.of("k1", "v1", "k2", "ü"),
                    tags(client.getObjectTagging(b -> b.bucket("acls").key(key)).tagSet()));

            // COPY (the default) keeps the source's tags; REPLACE takes the request's.
            client.copyObject(b -> b.sourceBucket("acls").sourceKey(key).destinationBucket("acls")
                    .destinationKey(key + "-copy"));
            assertEquals(Map.of("k1", "v1", "k2", "ü"),
                    tags(client.getObjectTagging(b -> b.bucket("acls").key(key + "-copy")).tagSet()));
            client.copyObject(b -> b.sourceBucket("acls").sourceKey(key).destinationBucket("acls")
                    .destinationKey(key + "-replaced").taggingDirective(TaggingDirective.REPLACE).tagging("n=1"));
            assertEquals(Map.of("n", "1"),
                    tags(client.getObjectTagging(b -> b.bucket("acls").key(key + "-replaced")).tagSet()));

            client.deleteObjectTagging(b -> b.bucket("acls").key(key));
            assertTrue(client.getObjectTagging(b -> b.bucket("acls").key(key)).tagSet().isEmpty());
            assertEquals(null, client.getObject(b -> b.bucket("acls").key(key), (r, in) -> r).tagCount());
        }
    }

    @Test
    void invalidTagsAreRefused() {
        List<Tag> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(Tag.builder().key("k" + i).value("v").build());
        }
        s3.putObject(b -> b.bucket("acls").key("limits"), RequestBody.fromString("x"));
        for (List<Tag> bad : List.of(eleven, List.of(Tag.builder().key("k".repeat(129)).value("v").build()),
                List.of(Tag.builder().key("k").value("v".repeat(257)).build()),
                List.of(Tag.builder().key("d").value("1").build(), Tag.builder().key("d").value("2").build()))) {
            S3Exception e = assertThrows(S3Exception.class, () -> s3.putObjectTagging(b -> b.bucket("acls")
                    .key("limits").tagging(t -> t.tagSet(bad))));
            assertEquals("InvalidTag", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
        S3Exception header = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("acls").key("h")
                .tagging("a=1&a=2"), RequestBody.fromString("x")));
        assertEquals("InvalidTag", header.awsErrorDetails().errorCode());
        S3Exception missing = assertThrows(S3Exception.class, () -> s3.putObjectTagging(b -> b.bucket("acls")
                .key("nope").tagging(t -> t.tagSet(Tag.builder().key("a").value("b").build()))));
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
    }

    static Map<String, String> tags(List<Tag> set) {
        Map<String, String> m = new TreeMap<>();
        set.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }
}
