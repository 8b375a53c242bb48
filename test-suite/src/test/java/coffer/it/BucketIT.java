package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.NewAccount;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Exception;

class BucketIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
    }

    @Test
    void createListHeadLocateDelete() {
        s3.createBucket(b -> b.bucket("alpha"));
        s3.createBucket(b -> b.bucket("beta").createBucketConfiguration(c -> c.locationConstraint("us-east-1")));
        List<String> names = s3.listBuckets().buckets().stream().map(Bucket::name).toList();
        assertTrue(names.containsAll(List.of("alpha", "beta")), names.toString());
        assertEquals(names.stream().sorted().toList(), names);
        s3.headBucket(b -> b.bucket("alpha"));
        var location = s3.getBucketLocation(b -> b.bucket("alpha"));
        assertTrue(location.locationConstraint() == null
                || location.locationConstraint() == BucketLocationConstraint.UNKNOWN_TO_SDK_VERSION
                || location.locationConstraintAsString().isEmpty(), location.locationConstraintAsString());
        s3.deleteBucket(b -> b.bucket("alpha"));
        s3.deleteBucket(b -> b.bucket("beta"));
        assertEquals(404, assertThrows(S3Exception.class, () -> s3.headBucket(b -> b.bucket("alpha"))).statusCode());
    }

    @Test
    void listBucketsPages() {
        for (String name : List.of("page-a", "page-b", "page-c")) {
            s3.createBucket(b -> b.bucket(name));
        }
        var first = s3.listBuckets(b -> b.prefix("page-").maxBuckets(2));
        assertEquals(List.of("page-a", "page-b"), first.buckets().stream().map(Bucket::name).toList());
        var second = s3.listBuckets(b -> b.prefix("page-").maxBuckets(2).continuationToken(first.continuationToken()));
        assertEquals(List.of("page-c"), second.buckets().stream().map(Bucket::name).toList());
        assertEquals(null, second.continuationToken());
    }

    @Test
    void invalidNamesAreRefused() throws Exception {
        // Sent by hand: the SDK refuses most of these names itself before sending anything.
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        for (String bad : List.of("ab", "UPPER", "under_score", "-dash", "dash-", "a..b", "192.168.1.1",
                "x".repeat(64), "xn--punycode")) {
            var signed = raw.sign(SdkHttpMethod.PUT, "/" + bad, null, Map.of(), null, Clock.systemUTC());
            RawS3.Result r = RawS3.send(signed, null);
            assertEquals("InvalidBucketName", r.errorCode(), bad);
            assertEquals(400, r.status(), bad);
        }
    }

    @Test
    void ownedByYouThenAlreadyExistsForAnotherAccount() {
        s3.createBucket(b -> b.bucket("mine").acl(BucketCannedACL.PUBLIC_READ));
        // The gateway serves us-east-1, where AWS lets the owner create an existing bucket again (its ACL reset).
        s3.createBucket(b -> b.bucket("mine"));
        assertEquals(1, s3.getBucketAcl(b -> b.bucket("mine")).grants().size());

        try (S3Client other = otherAccount("second")) {
            S3Exception taken = assertThrows(S3Exception.class, () -> other.createBucket(b -> b.bucket("mine")));
            assertEquals("BucketAlreadyExists", taken.awsErrorDetails().errorCode());
            assertEquals(409, taken.statusCode());
            // Another account can neither see, read, write nor delete it.
            assertEquals(List.of(), other.listBuckets().buckets());
            assertDenied(() -> other.headBucket(b -> b.bucket("mine")));
            assertDenied(() -> other.listObjectsV2(b -> b.bucket("mine")));
            assertDenied(() -> other.putObject(b -> b.bucket("mine").key("k"), RequestBody.fromString("x")));
            s3.putObject(b -> b.bucket("mine").key("secret"), RequestBody.fromString("owner data"));
            assertDenied(() -> other.getObjectAsBytes(b -> b.bucket("mine").key("secret")));
            assertDenied(() -> other.deleteObject(b -> b.bucket("mine").key("secret")));
            assertDenied(() -> other.deleteBucket(b -> b.bucket("mine")));
            assertEquals("owner data", s3.getObjectAsBytes(b -> b.bucket("mine").key("secret")).asUtf8String());
        }
    }

    @Test
    void deleteNonEmptyBucketFails() {
        s3.createBucket(b -> b.bucket("full"));
        s3.putObject(b -> b.bucket("full").key("k"), RequestBody.fromString("x"));
        S3Exception e = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("full")));
        assertEquals("BucketNotEmpty", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        s3.deleteObject(b -> b.bucket("full").key("k"));
        s3.deleteBucket(b -> b.bucket("full"));
    }

    @Test
    void readStatsAndUnorderedListingAsCephRgw() throws Exception {
        s3.createBucket(b -> b.bucket("stats"));
        RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
        RawS3.Result empty = RawS3.send(raw.sign(SdkHttpMethod.HEAD, "/stats", "read-stats=true", Map.of(), null,
                Clock.systemUTC()), null);
        assertEquals(200, empty.status());
        assertEquals(List.of("0"), empty.headers().get("x-rgw-object-count"));
        assertEquals(List.of("0"), empty.headers().get("x-rgw-bytes-used"));
        s3.putObject(b -> b.bucket("stats").key("a/1"), RequestBody.fromString("abc"));
        s3.putObject(b -> b.bucket("stats").key("b"), RequestBody.fromString("defgh"));
        RawS3.Result two = RawS3.send(raw.sign(SdkHttpMethod.HEAD, "/stats", "read-stats=true", Map.of(), null,
                Clock.systemUTC()), null);
        assertEquals(List.of("2"), two.headers().get("x-rgw-object-count"));
        assertEquals(List.of("8"), two.headers().get("x-rgw-bytes-used"));
        RawS3.Result plain = RawS3.send(raw.sign(SdkHttpMethod.HEAD, "/stats", null, Map.of(), null,
                Clock.systemUTC()), null);
        assertEquals(null, plain.headers().get("x-rgw-object-count"));

        RawS3.Result unordered = RawS3.send(raw.sign(SdkHttpMethod.GET, "/stats", "allow-unordered=true", Map.of(),
                null, Clock.systemUTC()), null);
        assertEquals(200, unordered.status());
        assertTrue(unordered.body().contains("<Key>a/1</Key>") && unordered.body().contains("<Key>b</Key>"));
        for (String query : List.of("allow-unordered=true&delimiter=%2F",
                "allow-unordered=true&delimiter=%2F&list-type=2")) {
            RawS3.Result refused = RawS3.send(raw.sign(SdkHttpMethod.GET, "/stats", query, Map.of(), null,
                    Clock.systemUTC()), null);
            assertEquals(400, refused.status(), query);
            assertEquals("InvalidArgument", refused.errorCode(), query);
        }
    }

    @Test
    void expectedBucketOwnerMustBeTheOwner() {
        s3.createBucket(b -> b.bucket("expected"));
        s3.putObject(b -> b.bucket("expected").key("k"), RequestBody.fromString("x"));
        String owner = s3.getBucketAcl(b -> b.bucket("expected")).owner().id();
        String other = owner.substring(0, 63) + (owner.endsWith("0") ? "1" : "0");
        s3.listObjectsV2(b -> b.bucket("expected").expectedBucketOwner(owner));
        s3.getObject(b -> b.bucket("expected").key("k").expectedBucketOwner(owner.toUpperCase()),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes());
        assertDenied(() -> s3.listObjectsV2(b -> b.bucket("expected").expectedBucketOwner(other)));
        assertDenied(() -> s3.putObject(b -> b.bucket("expected").key("k2").expectedBucketOwner(other),
                RequestBody.fromString("y")));
        assertDenied(() -> s3.getObjectAsBytes(b -> b.bucket("expected").key("k").expectedBucketOwner(other)));
        assertDenied(() -> s3.copyObject(b -> b.sourceBucket("expected").sourceKey("k")
                .destinationBucket("expected").destinationKey("k3").expectedSourceBucketOwner(other)));
        s3.copyObject(b -> b.sourceBucket("expected").sourceKey("k").destinationBucket("expected")
                .destinationKey("k3").expectedSourceBucketOwner(owner).expectedBucketOwner(owner));
    }

    @Test
    void missingBucket() {
        S3Exception e = assertThrows(S3Exception.class, () -> s3.listObjectsV2(b -> b.bucket("nope-none")));
        assertEquals("NoSuchBucket", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        S3Exception d = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("nope-none")));
        assertEquals("NoSuchBucket", d.awsErrorDetails().errorCode());
    }

    private static void assertDenied(org.junit.jupiter.api.function.Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(403, e.statusCode());
    }

    static S3Client otherAccount(String name) {
        var store = gateway.server().store();
        AccessKeyPair keys = store.accounts().create(NewAccount.named(name)).key();
        return gateway.client(keys.accessKeyId(), keys.secretKey(), false, RequestChecksumCalculation.WHEN_SUPPORTED);
    }
}
