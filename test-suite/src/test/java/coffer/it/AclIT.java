package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * Full ACLs between two accounts (the gateway's own and "alt", created through the admin API with an e-mail
 * address) and anonymous callers, SDK v2: grants by canonical id, e-mail address and group, in
 * AccessControlPolicy documents and in x-amz-grant-* headers, and exactly the access each permission opens.
 */
class AclIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client owner;
    static S3Client alt;
    static String ownerId;
    static String altId;

    @BeforeAll
    static void start() throws Exception {
        owner = gateway.s3();
        JsonNode created = AdminHttp.of(gateway)
                .post("/v1/accounts", "{\"name\":\"acl-alt\",\"email\":\"alt@acl.example\"}").json();
        alt = gateway.client(created.at("/key/accessKeyId").asText(), created.at("/key/secretKey").asText(),
                false, RequestChecksumCalculation.WHEN_SUPPORTED);
        ownerId = owner.listBuckets().owner().id();
        altId = alt.listBuckets().owner().id();
    }

    @AfterAll
    static void stop() {
        alt.close();
    }

    static int anonymous(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("anon")
                : HttpRequest.BodyPublishers.noBody();
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + path)).method(method, body).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String denied(Runnable op) {
        S3Exception e = assertThrows(S3Exception.class, op::run);
        assertEquals(403, e.statusCode());
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }

    static String failure(Runnable op) {
        return assertThrows(S3Exception.class, op::run).awsErrorDetails().errorCode();
    }

    static Grant grant(Consumer<Grantee.Builder> grantee, Permission permission) {
        return Grant.builder().grantee(g -> grantee.accept(g)).permission(permission).build();
    }

    static AccessControlPolicy policy(String ownerCanonicalId, Grant... grants) {
        return AccessControlPolicy.builder().owner(Owner.builder().id(ownerCanonicalId).build())
                .grants(List.of(grants)).build();
    }

    static Grant ownerFull() {
        return grant(g -> g.type(Type.CANONICAL_USER).id(ownerId), Permission.FULL_CONTROL);
    }

    @Test
    void accountsShowTheirCanonicalIdAsDisplayNameToo() {
        assertEquals(64, ownerId.length());
        assertEquals(ownerId, owner.listBuckets().owner().displayName());
        assertTrue(!ownerId.equals(altId));
    }

    @Test
    void eachBucketPermissionOpensExactlyItsOperations() {
        owner.createBucket(b -> b.bucket("acl-perms"));
        owner.putObject(b -> b.bucket("acl-perms").key("k"), RequestBody.fromString("data"));
        assertEquals("AccessDenied", denied(() -> alt.listObjectsV2(b -> b.bucket("acl-perms"))));

        owner.putBucketAcl(b -> b.bucket("acl-perms").accessControlPolicy(policy(ownerId, ownerFull(),
                grant(g -> g.type(Type.CANONICAL_USER).id(altId), Permission.READ))));
        assertEquals(List.of("k"), alt.listObjectsV2(b -> b.bucket("acl-perms")).contents().stream()
                .map(o -> o.key()).toList());
        alt.headBucket(b -> b.bucket("acl-perms"));
        assertEquals("NoSuchKey", failure(() -> alt.getObjectAsBytes(b -> b.bucket("acl-perms").key("missing"))),
                "a caller that may list learns that a key is missing");
        assertEquals("AccessDenied", denied(() -> alt.getObjectAsBytes(b -> b.bucket("acl-perms").key("k"))),
                "READ on the bucket is no READ on its objects");
        denied(() -> alt.putObject(b -> b.bucket("acl-perms").key("new"), RequestBody.fromString("x")));
        denied(() -> alt.getBucketAcl(b -> b.bucket("acl-perms")));

        // WRITE, granted by e-mail address: alt creates, overwrites and deletes objects, and owns what it writes.
        owner.putBucketAcl(b -> b.bucket("acl-perms").accessControlPolicy(policy(ownerId, ownerFull(),
                grant(g -> g.type(Type.AMAZON_CUSTOMER_BY_EMAIL).emailAddress("ALT@acl.example"), Permission.WRITE))));
        var acl = owner.getBucketAcl(b -> b.bucket("acl-perms"));
        assertEquals(altId, acl.grants().get(1).grantee().id(), "stored as the account, shown as canonical user");
        assertEquals(Type.CANONICAL_USER, acl.grants().get(1).grantee().type());
        denied(() -> alt.listObjectsV2(b -> b.bucket("acl-perms")));
        alt.putObject(b -> b.bucket("acl-perms").key("alts"), RequestBody.fromString("alt's"));
        alt.putObject(b -> b.bucket("acl-perms").key("k"), RequestBody.fromString("overwritten by alt"));
        assertEquals(altId, alt.getObjectAcl(b -> b.bucket("acl-perms").key("alts")).owner().id());
        assertEquals("alt's", alt.getObjectAsBytes(b -> b.bucket("acl-perms").key("alts")).asUtf8String());
        assertEquals("alt's", owner.getObjectAsBytes(b -> b.bucket("acl-perms").key("alts")).asUtf8String(),
                "the bucket owner keeps full control of everything in its bucket");
        alt.deleteObject(b -> b.bucket("acl-perms").key("k"));
        assertEquals(List.of("alts"), owner.listObjectsV2(b -> b.bucket("acl-perms")).contents().stream()
                .map(o -> o.key()).toList());
        assertEquals(altId, owner.listObjects(b -> b.bucket("acl-perms")).contents().get(0).owner().id());
        // WRITE opens multipart uploads too (the upload and its object are alt's); listing them needs READ.
        String upload = alt.createMultipartUpload(b -> b.bucket("acl-perms").key("parts")).uploadId();
        String etag = alt.uploadPart(b -> b.bucket("acl-perms").key("parts").uploadId(upload).partNumber(1),
                RequestBody.fromString("in parts")).eTag();
        denied(() -> alt.listMultipartUploads(b -> b.bucket("acl-perms")));
        var uploads = owner.listMultipartUploads(b -> b.bucket("acl-perms")).uploads();
        assertEquals(altId, uploads.get(0).initiator().id());
        assertEquals(altId, uploads.get(0).owner().id());
        alt.completeMultipartUpload(b -> b.bucket("acl-perms").key("parts").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        assertEquals(altId, alt.getObjectAcl(b -> b.bucket("acl-perms").key("parts")).owner().id());
        alt.deleteObject(b -> b.bucket("acl-perms").key("parts"));

        // READ_ACP and WRITE_ACP: alt reads, then replaces the ACL; the owner stays the owner.
        owner.putBucketAcl(b -> b.bucket("acl-perms").accessControlPolicy(policy(ownerId,
                grant(g -> g.type(Type.CANONICAL_USER).id(altId), Permission.READ_ACP),
                grant(g -> g.type(Type.CANONICAL_USER).id(altId), Permission.WRITE_ACP))));
        assertEquals(ownerId, alt.getBucketAcl(b -> b.bucket("acl-perms")).owner().id());
        denied(() -> alt.putObject(b -> b.bucket("acl-perms").key("x"), RequestBody.fromString("x")));
        alt.putBucketAcl(b -> b.bucket("acl-perms").acl(BucketCannedACL.PUBLIC_READ));
        assertEquals(ownerId, owner.getBucketAcl(b -> b.bucket("acl-perms")).owner().id());
        denied(() -> alt.getBucketAcl(b -> b.bucket("acl-perms")));
        denied(() -> alt.deleteBucket(b -> b.bucket("acl-perms")));

        // An ACL with no grant at all locks out everyone but the owner.
        owner.putBucketAcl(b -> b.bucket("acl-perms").accessControlPolicy(policy(ownerId)));
        assertEquals(0, owner.getBucketAcl(b -> b.bucket("acl-perms")).grants().size());
        owner.putObject(b -> b.bucket("acl-perms").key("still-mine"), RequestBody.fromString("x"));
        owner.putBucketAcl(b -> b.bucket("acl-perms").acl(BucketCannedACL.PRIVATE));
    }

    @Test
    void objectGrantsAndCannedAclsForOtherAccountsAndAnonymousCallers() throws Exception {
        owner.createBucket(b -> b.bucket("acl-objects").acl(BucketCannedACL.PUBLIC_READ_WRITE));
        owner.putObject(b -> b.bucket("acl-objects").key("auth").acl(ObjectCannedACL.AUTHENTICATED_READ),
                RequestBody.fromString("for signed callers"));
        assertEquals("for signed callers", alt.getObjectAsBytes(b -> b.bucket("acl-objects").key("auth"))
                .asUtf8String());
        assertEquals(403, anonymous("GET", "/acl-objects/auth"));
        assertEquals(200, anonymous("GET", "/acl-objects"), "public-read-write bucket: anyone lists");
        assertEquals(200, anonymous("PUT", "/acl-objects/anon"), "and anyone writes");
        assertEquals(403, anonymous("GET", "/acl-objects/anon"), "an anonymous write is private to the bucket owner");
        assertEquals("anon", owner.getObjectAsBytes(b -> b.bucket("acl-objects").key("anon")).asUtf8String());
        assertEquals(404, anonymous("GET", "/acl-objects/missing"), "who may list sees NoSuchKey");
        assertEquals(204, anonymous("DELETE", "/acl-objects/anon"));

        // Object grants: READ_ACP lets alt read the ACL but not the data; WRITE_ACP lets it change the ACL.
        owner.putObject(b -> b.bucket("acl-objects").key("granted"), RequestBody.fromString("g"));
        owner.putObjectAcl(b -> b.bucket("acl-objects").key("granted").accessControlPolicy(policy(ownerId,
                ownerFull(), grant(g -> g.type(Type.CANONICAL_USER).id(altId), Permission.READ_ACP))));
        assertEquals(2, alt.getObjectAcl(b -> b.bucket("acl-objects").key("granted")).grants().size());
        denied(() -> alt.getObjectAsBytes(b -> b.bucket("acl-objects").key("granted")));
        denied(() -> alt.putObjectAcl(b -> b.bucket("acl-objects").key("granted").acl(ObjectCannedACL.PUBLIC_READ)));
        owner.putObjectAcl(b -> b.bucket("acl-objects").key("granted").grantWriteACP("id=\"" + altId + "\"")
                .grantRead("uri=\"" + ALL_USERS + "\""));
        var headerAcl = owner.getObjectAcl(b -> b.bucket("acl-objects").key("granted"));
        assertEquals(List.of(Permission.READ, Permission.WRITE_ACP),
                headerAcl.grants().stream().map(Grant::permission).toList(), "exactly the header grants");
        assertEquals(200, anonymous("GET", "/acl-objects/granted"));
        denied(() -> alt.getObjectAcl(b -> b.bucket("acl-objects").key("granted")));
        alt.putObjectAcl(b -> b.bucket("acl-objects").key("granted").acl(ObjectCannedACL.PRIVATE));
        assertEquals(403, anonymous("GET", "/acl-objects/granted"));

        // bucket-owner-full-control written by alt: alt owns the object, both hold FULL_CONTROL.
        alt.putObject(b -> b.bucket("acl-objects").key("bofc").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL),
                RequestBody.fromString("x"));
        var bofc = owner.getObjectAcl(b -> b.bucket("acl-objects").key("bofc"));
        assertEquals(altId, bofc.owner().id());
        assertEquals(List.of(altId, ownerId), bofc.grants().stream().map(g -> g.grantee().id()).toList());
        // A copy gets the ACL of its request; the source needs READ only.
        alt.copyObject(b -> b.sourceBucket("acl-objects").sourceKey("auth").destinationBucket("acl-objects")
                .destinationKey("copied").acl(ObjectCannedACL.PUBLIC_READ));
        assertEquals(200, anonymous("GET", "/acl-objects/copied"));
    }

    @Test
    void bucketOwnerPreferredHandsObjectsWrittenForTheBucketOwnerToIt() {
        owner.createBucket(b -> b.bucket("acl-preferred").grantWrite("id=" + altId).grantFullControl("id=" + ownerId));
        owner.putBucketOwnershipControls(b -> b.bucket("acl-preferred").ownershipControls(c -> c.rules(
                r -> r.objectOwnership(software.amazon.awssdk.services.s3.model.ObjectOwnership.BUCKET_OWNER_PREFERRED))));
        alt.putObject(b -> b.bucket("acl-preferred").key("given").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL),
                RequestBody.fromString("for the owner"));
        alt.putObject(b -> b.bucket("acl-preferred").key("kept"), RequestBody.fromString("alt's"));
        String upload = alt.createMultipartUpload(b -> b.bucket("acl-preferred").key("parts")
                .acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL)).uploadId();
        assertEquals(ownerId, owner.getObjectAcl(b -> b.bucket("acl-preferred").key("given")).owner().id());
        assertEquals(altId, owner.getObjectAcl(b -> b.bucket("acl-preferred").key("kept")).owner().id());
        assertEquals(ownerId, owner.listMultipartUploads(b -> b.bucket("acl-preferred")).uploads().get(0)
                .owner().id());
        alt.abortMultipartUpload(b -> b.bucket("acl-preferred").key("parts").uploadId(upload));
    }

    @Test
    void grantHeadersOnCreateBucketAreTheWholeAcl() {
        owner.createBucket(b -> b.bucket("acl-headers").grantRead("id=" + altId).grantWrite("id=" + altId));
        var acl = owner.getBucketAcl(b -> b.bucket("acl-headers"));
        assertEquals(ownerId, acl.owner().id());
        assertEquals(List.of(Permission.READ, Permission.WRITE), acl.grants().stream().map(Grant::permission)
                .toList());
        alt.putObject(b -> b.bucket("acl-headers").key("k"), RequestBody.fromString("x"));
        assertEquals(1, alt.listObjectsV2(b -> b.bucket("acl-headers")).keyCount());
        owner.putBucketAcl(b -> b.bucket("acl-headers").acl(BucketCannedACL.PRIVATE));
        denied(() -> alt.listObjectsV2(b -> b.bucket("acl-headers")));
    }

    @Test
    void badGrantsFailAsS3AndChangeNothing() {
        owner.createBucket(b -> b.bucket("acl-errors"));
        assertEquals("UnresolvableGrantByEmailAddress", failure(() -> owner.putBucketAcl(b -> b.bucket("acl-errors")
                .accessControlPolicy(policy(ownerId, grant(g -> g.type(Type.AMAZON_CUSTOMER_BY_EMAIL)
                        .emailAddress("nobody@acl.example"), Permission.READ))))));
        assertEquals("InvalidArgument", failure(() -> owner.putBucketAcl(b -> b.bucket("acl-errors")
                .accessControlPolicy(policy(ownerId, grant(g -> g.type(Type.CANONICAL_USER).id("_foo"),
                        Permission.READ))))));
        assertEquals("InvalidArgument", failure(() -> owner.createBucket(b -> b.bucket("acl-never")
                .grantRead("id=" + "0".repeat(48) + "7fffffffffffffff"))));
        assertEquals("NoSuchBucket", failure(() -> owner.headBucket(b -> b.bucket("acl-never"))));
        assertEquals("InvalidRequest", failure(() -> owner.putBucketAcl(b -> b.bucket("acl-errors")
                .acl(BucketCannedACL.PUBLIC_READ).grantRead("id=" + altId))));
        assertEquals("AccessDenied", failure(() -> owner.putBucketAcl(b -> b.bucket("acl-errors")
                .accessControlPolicy(policy(altId, ownerFull())))), "the owner cannot be changed");
        assertEquals(1, owner.getBucketAcl(b -> b.bucket("acl-errors")).grants().size(), "unchanged");
    }

    @Test
    void malformedPolicyDocumentsAreMalformedAclError() throws Exception {
        owner.createBucket(b -> b.bucket("acl-malformed"));
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        for (String doc : List.of("<AccessControlPolicy><AccessControlList><Grant><Permission>READ</Permission>"
                + "</Grant></AccessControlList></AccessControlPolicy>", "<AccessControlPolicy>")) {
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            RawS3.Result r = RawS3.send(raw.sign(SdkHttpMethod.PUT, "/acl-malformed", "acl", Map.of(), body,
                    Clock.systemUTC()), RawS3.bytes(body));
            assertEquals(400, r.status(), r.body());
            assertEquals("MalformedACLError", r.errorCode(), doc);
        }
    }
}
