package coffer.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayExtension;
import coffer.it.support.UsageWatch;
import coffer.storage.maintenance.MaintenanceSchedule;
import coffer.storage.quota.Quotas;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Bucket lifecycle (docs/lifecycle.md) with a lifecycle day of 1 s (the worker then runs every second): the
 * configuration's round trip and AWS's validation errors, {@code x-amz-expiration}, and the worker expiring current
 * versions (deleted, or a delete marker on a versioned bucket), noncurrent versions (keeping
 * NewerNoncurrentVersions), lone delete markers, and incomplete multipart uploads, whose parts' bytes come back to
 * the quota exactly. Waits poll the outcome (bounded), never assert a time.
 */
class LifecycleIT {
    private static final Duration DAY = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final String ACCOUNT = "lifecycle-it";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.maintenance(MaintenanceSchedule.DEFAULTS.withLifecycleDay(DAY)))
            .build();
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        AdminHttp admin = gateway.admin();
        AdminHttp.Answer a = admin.post("/v1/accounts", "{\"name\":\"" + ACCOUNT + "\",\"quota\":1073741824}");
        assertEquals(201, a.status(), a.raw().body());
        s3 = gateway.client(a.json().at("/key/accessKeyId").asText(), a.json().at("/key/secretKey").asText(), false,
                RequestChecksumCalculation.WHEN_REQUIRED);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static LifecycleRule.Builder rule(String id, String prefix) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix));
    }

    private static void lifecycle(String bucket, LifecycleRule... rules) {
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    }

    private static void put(String bucket, String key, int size) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + PATIENCE);
            Thread.sleep(250);
        }
    }

    private static String error(Consumer<Void> call) {
        return assertThrows(AwsServiceException.class, () -> call.accept(null)).awsErrorDetails().errorCode();
    }

    private static void createVersioned(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(
                BucketVersioningStatus.ENABLED)));
    }

    @Test
    void configurationRoundTripAndValidation() {
        s3.createBucket(b -> b.bucket("lc-config"));
        assertEquals("NoSuchLifecycleConfiguration", error(v -> s3.getBucketLifecycleConfiguration(
                b -> b.bucket("lc-config"))));
        s3.deleteBucketLifecycle(b -> b.bucket("lc-config")); // none: still 204
        lifecycle("lc-config",
                rule("logs", "logs/").expiration(e -> e.days(30)).build(),
                LifecycleRule.builder().id("tagged").status(ExpirationStatus.DISABLED)
                        .filter(f -> f.and(a -> a.prefix("t/").tags(Tag.builder().key("k").value("v").build())
                                .objectSizeGreaterThan(10L))).expiration(e -> e.date(java.time.Instant.parse(
                                "2030-01-01T00:00:00Z"))).build(),
                rule("old", "").noncurrentVersionExpiration(n -> n.noncurrentDays(7).newerNoncurrentVersions(3))
                        .expiration(e -> e.expiredObjectDeleteMarker(true))
                        .abortIncompleteMultipartUpload(u -> u.daysAfterInitiation(2)).build());
        List<LifecycleRule> rules = s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-config")).rules();
        assertEquals(3, rules.size());
        assertEquals(30, rules.get(0).expiration().days());
        assertEquals("logs/", rules.get(0).filter().prefix());
        assertEquals(ExpirationStatus.DISABLED, rules.get(1).status());
        assertEquals("t/", rules.get(1).filter().and().prefix());
        assertEquals("v", rules.get(1).filter().and().tags().get(0).value());
        assertEquals(10L, rules.get(1).filter().and().objectSizeGreaterThan());
        assertEquals(java.time.Instant.parse("2030-01-01T00:00:00Z"), rules.get(1).expiration().date());
        assertEquals(3, rules.get(2).noncurrentVersionExpiration().newerNoncurrentVersions());
        assertTrue(rules.get(2).expiration().expiredObjectDeleteMarker());
        assertEquals(2, rules.get(2).abortIncompleteMultipartUpload().daysAfterInitiation());

        assertEquals("InvalidArgument", error(v -> lifecycle("lc-config", rule("zero", "").expiration(
                e -> e.days(0)).build())));
        assertEquals("InvalidArgument", error(v -> lifecycle("lc-config",
                rule("same", "a/").expiration(e -> e.days(1)).build(),
                rule("same", "b/").expiration(e -> e.days(2)).build())));
        assertEquals("InvalidArgument", error(v -> lifecycle("lc-config", rule("x".repeat(256), "")
                .expiration(e -> e.days(1)).build())));
        assertEquals("MalformedXML", error(v -> lifecycle("lc-config", rule("status", "").status("enabled")
                .expiration(e -> e.days(1)).build())));
        assertEquals("InvalidArgument", error(v -> lifecycle("lc-config", rule("date", "").expiration(
                e -> e.date(java.time.Instant.parse("2030-01-01T10:00:00Z"))).build())));
        assertEquals("InvalidRequest", error(v -> lifecycle("lc-config", rule("nothing", "").build())));
        assertEquals("InvalidRequest", error(v -> lifecycle("lc-config", LifecycleRule.builder().id("abort-tag")
                .status(ExpirationStatus.ENABLED).filter(f -> f.tag(t -> t.key("k").value("v")))
                .abortIncompleteMultipartUpload(u -> u.daysAfterInitiation(1)).build())));
        assertEquals("InvalidStorageClass", error(v -> lifecycle("lc-config", rule("cold", "").transitions(
                t -> t.days(30).storageClass(TransitionStorageClass.GLACIER)).build())));
        assertEquals(3, s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-config")).rules().size(),
                "a refused configuration changes nothing");

        s3.deleteBucketLifecycle(b -> b.bucket("lc-config"));
        assertEquals("NoSuchLifecycleConfiguration", error(v -> s3.getBucketLifecycleConfiguration(
                b -> b.bucket("lc-config"))));
    }

    @Test
    void expirationHeaderOnPutHeadAndGet() {
        s3.createBucket(b -> b.bucket("lc-header"));
        lifecycle("lc-header", rule("soon", "soon/").expiration(e -> e.days(3)).build());
        String put = s3.putObject(b -> b.bucket("lc-header").key("soon/a"), RequestBody.fromString("a"))
                .expiration();
        assertNotNull(put);
        assertTrue(put.matches("expiry-date=\"\\w{3}, \\d{2} \\w{3} \\d{4} 00:00:00 GMT\", rule-id=\"soon\""), put);
        assertEquals(put, s3.headObject(b -> b.bucket("lc-header").key("soon/a")).expiration());
        assertEquals(put, s3.getObjectAsBytes(b -> b.bucket("lc-header").key("soon/a")).response().expiration());
        assertEquals(null, s3.putObject(b -> b.bucket("lc-header").key("other"), RequestBody.fromString("b"))
                .expiration());
    }

    @Test
    void currentVersionsExpire() throws Exception {
        s3.createBucket(b -> b.bucket("lc-current"));
        for (String key : List.of("old/1", "old/2", "keep/1")) {
            put("lc-current", key, 100);
        }
        createVersioned("lc-current-v");
        put("lc-current-v", "old/v", 100);
        LifecycleRule days = rule("one-day", "old/").expiration(e -> e.days(1)).build();
        lifecycle("lc-current", days);
        lifecycle("lc-current-v", days);

        await("the unversioned objects under old/ deleted", () -> s3.listObjectsV2(b -> b.bucket("lc-current"))
                .contents().size() == 1);
        assertEquals("keep/1", s3.listObjectsV2(b -> b.bucket("lc-current")).contents().get(0).key());
        await("a delete marker over the versioned object", () -> !s3.listObjectVersions(
                b -> b.bucket("lc-current-v")).deleteMarkers().isEmpty());
        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("lc-current-v"));
        assertEquals(1, versions.versions().size(), "the expired version stays, noncurrent");
        assertFalse(versions.versions().get(0).isLatest());
        assertEquals(1, versions.deleteMarkers().size(), "exactly one marker, however many rounds ran");
    }

    @Test
    void noncurrentVersionsExpireKeepingTheNewer() throws Exception {
        createVersioned("lc-noncurrent");
        for (int i = 0; i < 6; i++) {
            put("lc-noncurrent", "doc", 1000 + i);
        }
        put("lc-noncurrent", "other/doc", 10);
        put("lc-noncurrent", "other/doc", 20);
        lifecycle("lc-noncurrent", rule("noncurrent", "doc").noncurrentVersionExpiration(
                n -> n.noncurrentDays(1).newerNoncurrentVersions(2)).build());

        await("three versions of doc left", () -> versionsOf("lc-noncurrent", "doc").size() == 3);
        List<ObjectVersion> left = versionsOf("lc-noncurrent", "doc");
        assertEquals(List.of(1005L, 1004L, 1003L), left.stream().map(ObjectVersion::size).toList(),
                "the current version and the two newest noncurrent ones");
        assertEquals(2, versionsOf("lc-noncurrent", "other/doc").size(), "outside the prefix: untouched");
    }

    @Test
    void expiredDeleteMarkersAreRemoved() throws Exception {
        createVersioned("lc-markers");
        put("lc-markers", "gone", 10);
        s3.deleteObject(b -> b.bucket("lc-markers").key("gone"));
        s3.deleteObject(b -> b.bucket("lc-markers").key("never-written"));
        lifecycle("lc-markers", rule("markers", "").noncurrentVersionExpiration(n -> n.noncurrentDays(1))
                .expiration(e -> e.expiredObjectDeleteMarker(true)).build());

        await("no version and no delete marker left", () -> {
            ListObjectVersionsResponse r = s3.listObjectVersions(b -> b.bucket("lc-markers"));
            return r.versions().isEmpty() && r.deleteMarkers().isEmpty();
        });
        s3.deleteBucket(b -> b.bucket("lc-markers"));
    }

    @Test
    void incompleteUploadsAreAbortedAndTheirBytesReturned() throws Exception {
        // An account of its own: the other tests' expirations must not move the usage measured here.
        String account = "lifecycle-uploads";
        AdminHttp.Answer a = gateway.admin().post("/v1/accounts", "{\"name\":\"" + account
                + "\",\"quota\":1073741824}");
        assertEquals(201, a.status(), a.raw().body());
        try (S3Client client = gateway.client(a.json().at("/key/accessKeyId").asText(),
                a.json().at("/key/secretKey").asText(), false, RequestChecksumCalculation.WHEN_REQUIRED)) {
            client.createBucket(b -> b.bucket("lc-uploads"));
            client.putObject(b -> b.bucket("lc-uploads").key("whole"), RequestBody.fromBytes(new byte[5000]));
            long before = UsageWatch.read(gateway.jdbcUrl(), account)[0];
            String stale = client.createMultipartUpload(b -> b.bucket("lc-uploads").key("tmp/big")).uploadId();
            client.uploadPart(b -> b.bucket("lc-uploads").key("tmp/big").uploadId(stale).partNumber(1),
                    RequestBody.fromBytes(new byte[70_000]));
            client.uploadPart(b -> b.bucket("lc-uploads").key("tmp/big").uploadId(stale).partNumber(2),
                    RequestBody.fromBytes(new byte[10]));
            String kept = client.createMultipartUpload(b -> b.bucket("lc-uploads").key("keep/big")).uploadId();
            client.uploadPart(b -> b.bucket("lc-uploads").key("keep/big").uploadId(kept).partNumber(1),
                    RequestBody.fromBytes(new byte[300]));
            long keptCharge = Math.max(300, Quotas.MIN_PART_CHARGE);
            assertEquals(before + 70_000 + Math.max(10, Quotas.MIN_PART_CHARGE) + keptCharge,
                    UsageWatch.read(gateway.jdbcUrl(), account)[0]);
            client.putBucketLifecycleConfiguration(b -> b.bucket("lc-uploads").lifecycleConfiguration(c -> c.rules(
                    rule("abort", "tmp/").abortIncompleteMultipartUpload(u -> u.daysAfterInitiation(1)).build())));

            await("the upload under tmp/ aborted", () -> client.listMultipartUploads(b -> b.bucket("lc-uploads"))
                    .uploads().size() == 1);
            assertEquals(kept, client.listMultipartUploads(b -> b.bucket("lc-uploads")).uploads().get(0)
                    .uploadId());
            assertEquals(before + keptCharge, UsageWatch.read(gateway.jdbcUrl(), account)[0],
                    "exactly the aborted parts' bytes came back");
            for (JsonNode d : gateway.admin().post("/v1/usage/reconcile", "").json().get("accounts")) {
                if (d.get("name").asText().equals(account)) {
                    assertEquals(0, d.get("driftBytes").asLong(), d.toString());
                    assertEquals(0, d.get("driftObjects").asLong(), d.toString());
                }
            }
            client.abortMultipartUpload(b -> b.bucket("lc-uploads").key("keep/big").uploadId(kept));
        }
    }

    private static List<ObjectVersion> versionsOf(String bucket, String key) {
        return s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().stream()
                .filter(v -> v.key().equals(key)).toList();
    }
}
