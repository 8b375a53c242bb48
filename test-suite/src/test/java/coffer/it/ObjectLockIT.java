package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.S3Clients;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Object lock with the AWS SDK v2 (docs/object-lock.md): buckets created with it, Put/GetObjectLockConfiguration
 * with default retention, Put/GetObjectRetention, Put/GetObjectLegalHold, lock headers on PUT, copy and multipart
 * and on HEAD, the bypass header, and the error cases (a locked version's delete, COMPLIANCE not bypassable, a
 * legal hold, a wrong version id, a bucket without object lock, the admin API's refusal to delete an account that
 * holds COMPLIANCE data).
 */
class ObjectLockIT {
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
    void aBucketCreatedWithObjectLockIsVersionedForGood() {
        s3.createBucket(b -> b.bucket("lock-create").objectLockEnabledForBucket(true));
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("lock-create")).status());
        assertEquals(ObjectLockEnabled.ENABLED, s3.getObjectLockConfiguration(b -> b.bucket("lock-create"))
                .objectLockConfiguration().objectLockEnabled());
        assertError(409, "InvalidBucketState", () -> s3.putBucketVersioning(b -> b.bucket("lock-create")
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED))));
    }

    @Test
    void theConfigurationNeedsAVersionedBucketAndAValidRule() {
        s3.createBucket(b -> b.bucket("lock-later"));
        assertError(404, "ObjectLockConfigurationNotFoundError",
                () -> s3.getObjectLockConfiguration(b -> b.bucket("lock-later")));
        assertError(409, "InvalidBucketState", () -> putDefault("lock-later", ObjectLockRetentionMode.GOVERNANCE,
                1, null));
        s3.putBucketVersioning(b -> b.bucket("lock-later").versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));
        putDefault("lock-later", ObjectLockRetentionMode.GOVERNANCE, 1, null);
        ObjectLockConfiguration got = s3.getObjectLockConfiguration(b -> b.bucket("lock-later"))
                .objectLockConfiguration();
        assertEquals(ObjectLockRetentionMode.GOVERNANCE, got.rule().defaultRetention().mode());
        assertEquals(1, got.rule().defaultRetention().days());
        assertNull(got.rule().defaultRetention().years());
        assertError(400, "MalformedXML", () -> putDefault("lock-later", ObjectLockRetentionMode.GOVERNANCE, 1, 1));
        assertError(400, "InvalidRetentionPeriod", () -> putDefault("lock-later",
                ObjectLockRetentionMode.COMPLIANCE, 0, null));
        assertError(400, "InvalidRetentionPeriod", () -> putDefault("lock-later",
                ObjectLockRetentionMode.COMPLIANCE, null, -1));
    }

    @Test
    void theDefaultRetentionLocksNewVersions() {
        lockBucket("lock-default");
        putDefault("lock-default", ObjectLockRetentionMode.GOVERNANCE, 2, null);
        String v = put("lock-default", "k");
        HeadObjectResponse head = s3.headObject(b -> b.bucket("lock-default").key("k"));
        assertEquals(ObjectLockMode.GOVERNANCE, head.objectLockMode());
        Instant until = head.objectLockRetainUntilDate();
        assertTrue(until.isAfter(Instant.now().plus(47, ChronoUnit.HOURS)), until.toString());
        assertTrue(until.isBefore(Instant.now().plus(49, ChronoUnit.HOURS)), until.toString());
        assertError(403, "AccessDenied", () -> deleteVersion("lock-default", "k", v, false));
        deleteVersion("lock-default", "k", v, true);
    }

    @Test
    void governanceRetentionGivesWayOnlyToTheBypassHeader() {
        lockBucket("lock-gov");
        String v = put("lock-gov", "k");
        assertError(400, "InvalidArgument", () -> s3.getObjectRetention(b -> b.bucket("lock-gov").key("k")
                .versionId("not-an-id")));
        assertError(404, "NoSuchObjectLockConfiguration",
                () -> s3.getObjectRetention(b -> b.bucket("lock-gov").key("k")));
        Instant far = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        retain("lock-gov", "k", v, ObjectLockRetentionMode.GOVERNANCE, far, false);
        assertEquals(far, s3.getObjectRetention(b -> b.bucket("lock-gov").key("k").versionId(v)).retention()
                .retainUntilDate());
        assertError(403, "AccessDenied", () -> deleteVersion("lock-gov", "k", v, false));
        assertError(403, "AccessDenied", () -> retain("lock-gov", "k", v, ObjectLockRetentionMode.GOVERNANCE,
                far.minus(1, ChronoUnit.DAYS), false));
        retain("lock-gov", "k", v, ObjectLockRetentionMode.GOVERNANCE, far.plus(1, ChronoUnit.DAYS), false);
        retain("lock-gov", "k", v, ObjectLockRetentionMode.GOVERNANCE, far.minus(1, ChronoUnit.DAYS), true);
        // A delete without a version id only adds a marker; the locked version stays.
        assertTrue(s3.deleteObject(b -> b.bucket("lock-gov").key("k")).deleteMarker());
        DeleteObjectsResponse multi = s3.deleteObjects(b -> b.bucket("lock-gov").delete(d -> d.objects(
                o -> o.key("k").versionId(v))));
        assertEquals("AccessDenied", multi.errors().get(0).code());
        assertEquals(v, multi.errors().get(0).versionId());
        DeleteObjectsResponse bypassed = s3.deleteObjects(b -> b.bucket("lock-gov").bypassGovernanceRetention(true)
                .delete(d -> d.objects(o -> o.key("k").versionId(v))));
        assertTrue(bypassed.errors().isEmpty(), bypassed.toString());
        assertError(404, "NoSuchVersion", () -> s3.getObjectRetention(b -> b.bucket("lock-gov").key("k")
                .versionId(v)));
    }

    @Test
    void complianceRetentionCannotBeBypassedShortenedOrWeakened() {
        lockBucket("lock-comp");
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String v = s3.putObject(b -> b.bucket("lock-comp").key("k").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(until), RequestBody.fromString("data")).versionId();
        assertError(403, "AccessDenied", () -> deleteVersion("lock-comp", "k", v, true));
        assertError(403, "AccessDenied", () -> retain("lock-comp", "k", v, ObjectLockRetentionMode.GOVERNANCE,
                until, true));
        assertError(403, "AccessDenied", () -> retain("lock-comp", "k", v, ObjectLockRetentionMode.COMPLIANCE,
                until.minus(1, ChronoUnit.HOURS), true));
        retain("lock-comp", "k", v, ObjectLockRetentionMode.COMPLIANCE, until.plus(1, ChronoUnit.HOURS), false);
        assertError(400, "InvalidArgument", () -> s3.putObject(b -> b.bucket("lock-comp").key("bad")
                .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(Instant.now()
                        .minus(1, ChronoUnit.DAYS)), RequestBody.fromString("x")));
    }

    @Test
    void aLegalHoldHoldsEvenAgainstTheBypassUntilLifted() {
        lockBucket("lock-hold");
        String v = put("lock-hold", "k");
        assertEquals(ObjectLockLegalHoldStatus.OFF, s3.getObjectLegalHold(b -> b.bucket("lock-hold").key("k"))
                .legalHold().status());
        s3.putObjectLegalHold(b -> b.bucket("lock-hold").key("k").versionId(v)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        assertEquals(ObjectLockLegalHoldStatus.ON, s3.headObject(b -> b.bucket("lock-hold").key("k"))
                .objectLockLegalHoldStatus());
        assertError(403, "AccessDenied", () -> deleteVersion("lock-hold", "k", v, true));
        assertError(404, "NoSuchVersion", () -> s3.putObjectLegalHold(b -> b.bucket("lock-hold").key("k")
                .versionId("0".repeat(32)).legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))));
        s3.putObjectLegalHold(b -> b.bucket("lock-hold").key("k").versionId(v)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
        deleteVersion("lock-hold", "k", v, false);
    }

    @Test
    void copiesAndMultipartUploadsTakeTheirOwnLockHeaders() {
        lockBucket("lock-mp");
        Instant until = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String upload = s3.createMultipartUpload(b -> b.bucket("lock-mp").key("mp")
                .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until)).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("lock-mp").key("mp").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        String v = s3.completeMultipartUpload(b -> b.bucket("lock-mp").key("mp").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())))
                .versionId();
        assertEquals(until, s3.headObject(b -> b.bucket("lock-mp").key("mp")).objectLockRetainUntilDate());
        assertError(403, "AccessDenied", () -> deleteVersion("lock-mp", "mp", v, false));
        // A copy takes the lock its request names, never the source's.
        s3.copyObject(b -> b.sourceBucket("lock-mp").sourceKey("mp").destinationBucket("lock-mp")
                .destinationKey("plain"));
        assertNull(s3.headObject(b -> b.bucket("lock-mp").key("plain")).objectLockMode());
        s3.copyObject(b -> b.sourceBucket("lock-mp").sourceKey("mp").destinationBucket("lock-mp")
                .destinationKey("held").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
        assertEquals(ObjectLockLegalHoldStatus.ON, s3.headObject(b -> b.bucket("lock-mp").key("held"))
                .objectLockLegalHoldStatus());
    }

    @Test
    void aBucketWithoutObjectLockRefusesLockRequests() {
        s3.createBucket(b -> b.bucket("lock-none"));
        put("lock-none", "k");
        assertError(400, "InvalidRequest", () -> s3.getObjectRetention(b -> b.bucket("lock-none").key("k")));
        assertError(400, "InvalidRequest", () -> s3.getObjectLegalHold(b -> b.bucket("lock-none").key("k")));
        assertError(400, "InvalidRequest", () -> s3.putObjectLegalHold(b -> b.bucket("lock-none").key("k")
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))));
        assertError(400, "InvalidRequest", () -> s3.putObject(b -> b.bucket("lock-none").key("k2")
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON), RequestBody.fromString("x")));
    }

    @Test
    void theAdminApiRefusesToDeleteAnAccountHoldingComplianceData() throws Exception {
        AdminHttp.Answer created = admin.post("/v1/accounts", "{\"name\":\"lock-owner\"}");
        assertEquals(201, created.status(), created.raw().body());
        String id = created.json().at("/key/accessKeyId").asText();
        String secret = created.json().at("/key/secretKey").asText();
        try (S3Client owner = S3Clients.withoutRetries(gateway.endpoint(), id, secret).build()) {
            owner.createBucket(b -> b.bucket("lock-owned").objectLockEnabledForBucket(true));
            Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            owner.putObject(b -> b.bucket("lock-owned").key("ledger").objectLockMode(ObjectLockMode.COMPLIANCE)
                    .objectLockRetainUntilDate(until), RequestBody.fromString("kept"));
            AdminHttp.Answer refused = admin.delete("/v1/accounts/lock-owner");
            assertEquals(409, refused.status(), refused.raw().body());
            String message = refused.json().at("/error/message").asText();
            assertTrue(message.contains("COMPLIANCE") && message.contains("ledger")
                    && message.contains(until.toString().substring(0, 10)), message);
            AdminHttp.Answer shown = admin.get("/v1/accounts/lock-owner");
            assertEquals("active", shown.json().at("/state").asText(), shown.raw().body());
            assertEquals(4, shown.json().at("/usage/usedBytes").asLong(), shown.raw().body());
            assertEquals("kept", owner.getObjectAsBytes(b -> b.bucket("lock-owned").key("ledger")).asUtf8String());
            // A writer granted WRITE on someone else's lock bucket gets its default retention, but cannot lock.
            s3.createBucket(b -> b.bucket("lock-shared").objectLockEnabledForBucket(true)
                    .acl(BucketCannedACL.PUBLIC_READ_WRITE));
            assertError(403, "AccessDenied", () -> owner.putObject(b -> b.bucket("lock-shared").key("pinned")
                    .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON), RequestBody.fromString("x")));
            owner.putObject(b -> b.bucket("lock-shared").key("plain"), RequestBody.fromString("x"));
        }
    }

    private static void lockBucket(String bucket) {
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
    }

    private static String put(String bucket, String key) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("data")).versionId();
    }

    private static void putDefault(String bucket, ObjectLockRetentionMode mode, Integer days, Integer years) {
        s3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(mode).days(days).years(years)))));
    }

    private static void retain(String bucket, String key, String version, ObjectLockRetentionMode mode,
                               Instant until, boolean bypass) {
        s3.putObjectRetention(b -> b.bucket(bucket).key(key).versionId(version).bypassGovernanceRetention(bypass)
                .retention(r -> r.mode(mode).retainUntilDate(until)));
    }

    private static void deleteVersion(String bucket, String key, String version, boolean bypass) {
        s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(version).bypassGovernanceRetention(bypass));
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
