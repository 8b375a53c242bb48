package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.GatewayExtension;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Bucket ownership controls (Get/Put/Delete, {@code x-amz-object-ownership} on CreateBucket, ACLs refused under
 * BucketOwnerEnforced) and bucket tagging, with the AWS SDK v2.
 */
class BucketOwnershipAndTaggingIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
    }

    @Test
    void ownershipControlsCanBeSetReadAndDeleted() {
        s3.createBucket(b -> b.bucket("owned"));
        assertError(404, "OwnershipControlsNotFoundError", () -> s3.getBucketOwnershipControls(b -> b.bucket("owned")));
        for (ObjectOwnership o : new ObjectOwnership[] {ObjectOwnership.OBJECT_WRITER,
                ObjectOwnership.BUCKET_OWNER_PREFERRED, ObjectOwnership.BUCKET_OWNER_ENFORCED}) {
            s3.putBucketOwnershipControls(b -> b.bucket("owned").ownershipControls(rule(o)));
            assertEquals(o, s3.getBucketOwnershipControls(b -> b.bucket("owned")).ownershipControls().rules().get(0)
                    .objectOwnership());
        }
        s3.deleteBucketOwnershipControls(b -> b.bucket("owned"));
        s3.deleteBucketOwnershipControls(b -> b.bucket("owned"));
        assertError(404, "OwnershipControlsNotFoundError", () -> s3.getBucketOwnershipControls(b -> b.bucket("owned")));
    }

    @Test
    void createBucketTakesAnOwnershipRule() {
        s3.createBucket(b -> b.bucket("writer-owned").objectOwnership(ObjectOwnership.OBJECT_WRITER));
        assertEquals(ObjectOwnership.OBJECT_WRITER, s3.getBucketOwnershipControls(b -> b.bucket("writer-owned"))
                .ownershipControls().rules().get(0).objectOwnership());
        assertError(400, "InvalidBucketAclWithObjectOwnership", () -> s3.createBucket(b -> b.bucket("conflicted")
                .acl(BucketCannedACL.PUBLIC_READ).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)));
        assertError(404, "NoSuchBucket", () -> s3.headBucket(b -> b.bucket("conflicted")));
    }

    @Test
    void bucketOwnerEnforcedDisablesAclsAndNeedsAPrivateBucket() {
        s3.createBucket(b -> b.bucket("public-then-enforced").acl(BucketCannedACL.PUBLIC_READ));
        assertError(400, "InvalidBucketAclWithObjectOwnership", () -> s3.putBucketOwnershipControls(b -> b
                .bucket("public-then-enforced").ownershipControls(rule(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        s3.putBucketAcl(b -> b.bucket("public-then-enforced").acl(BucketCannedACL.PRIVATE));
        s3.putBucketOwnershipControls(b -> b.bucket("public-then-enforced")
                .ownershipControls(rule(ObjectOwnership.BUCKET_OWNER_ENFORCED)));

        String bucket = "public-then-enforced";
        s3.putObject(b -> b.bucket(bucket).key("no-acl"), RequestBody.fromString("x"));
        assertError(400, "AccessControlListNotSupported", () -> s3.putObject(b -> b.bucket(bucket).key("private")
                .acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("x")));
        assertError(400, "AccessControlListNotSupported", () -> s3.createMultipartUpload(b -> b.bucket(bucket)
                .key("mp").acl(ObjectCannedACL.PUBLIC_READ)));
        assertError(400, "AccessControlListNotSupported", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("no-acl").destinationBucket(bucket).destinationKey("copy").acl(ObjectCannedACL.PRIVATE)));
        assertError(400, "AccessControlListNotSupported", () -> s3.putBucketAcl(b -> b.bucket(bucket)
                .acl(BucketCannedACL.PRIVATE)));
        assertError(400, "AccessControlListNotSupported", () -> s3.putObjectAcl(b -> b.bucket(bucket).key("no-acl")
                .acl(ObjectCannedACL.PRIVATE)));
        // Reading ACLs still works, and ObjectWriter turns ACLs back on.
        s3.getBucketAcl(b -> b.bucket(bucket));
        s3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(rule(ObjectOwnership.OBJECT_WRITER)));
        s3.putObjectAcl(b -> b.bucket(bucket).key("no-acl").acl(ObjectCannedACL.PRIVATE));
    }

    @Test
    void bucketTagsCanBeSetReadAndDeleted() {
        s3.createBucket(b -> b.bucket("tagged"));
        assertError(404, "NoSuchTagSet", () -> s3.getBucketTagging(b -> b.bucket("tagged")));
        s3.putBucketTagging(b -> b.bucket("tagged").tagging(t -> t.tagSet(Tag.builder().key("Hello").value("World")
                .build(), Tag.builder().key("café").value("").build())));
        Map<String, String> tags = s3.getBucketTagging(b -> b.bucket("tagged")).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("Hello", "World", "café", ""), tags);
        s3.putBucketTagging(b -> b.bucket("tagged").tagging(t -> t.tagSet(Tag.builder().key("only").value("one")
                .build())));
        assertEquals(Map.of("only", "one"), s3.getBucketTagging(b -> b.bucket("tagged")).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value)));
        assertError(400, "InvalidTag", () -> s3.putBucketTagging(b -> b.bucket("tagged").tagging(t -> t.tagSet(
                Tag.builder().key("").value("empty key").build()))));
        s3.deleteBucketTagging(b -> b.bucket("tagged"));
        assertError(404, "NoSuchTagSet", () -> s3.getBucketTagging(b -> b.bucket("tagged")));
        assertError(404, "NoSuchBucket", () -> s3.getBucketTagging(b -> b.bucket("no-such-tagged")));
    }

    private static OwnershipControls rule(ObjectOwnership o) {
        return OwnershipControls.builder().rules(OwnershipControlsRule.builder().objectOwnership(o).build()).build();
    }

    private static void assertError(int status, String code, Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(status, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
    }
}
