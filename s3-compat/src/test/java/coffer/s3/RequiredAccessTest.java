package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each operation needs before dispatch ({@link S3Operation#access()}), checked once by the S3 service. */
class RequiredAccessTest {

    @Test
    void everyOperationAnAnonymousCallerMayReachIsChecked() {
        // The two exceptions authorize on their own paths: a preflight reads the bucket's CORS configuration, a POST
        // upload's signer is known only once its handler verified the form's policy. BUCKET_OWNER operations are
        // open to an anonymous caller only where the bucket's policy allows it.
        Set<S3Operation> unchecked = EnumSet.of(S3Operation.PreflightRequest, S3Operation.PostObject);
        for (S3Operation op : S3Operation.values()) {
            if (op.allowsAnonymous() && !unchecked.contains(op)) {
                assertNotEquals(RequiredAccess.Scope.NONE, op.access().scope(), op.name());
            }
        }
    }

    @Test
    void aclPermissionsAsS3Grants() {
        assertEquals(RequiredAccess.bucket(Permission.READ), S3Operation.ListObjectsV2.access());
        assertEquals(RequiredAccess.eachKey(Permission.WRITE), S3Operation.DeleteObjects.access());
        assertEquals(RequiredAccess.bucket(Permission.WRITE_ACP), S3Operation.PutBucketAcl.access());
        assertEquals(RequiredAccess.object(Permission.READ), S3Operation.HeadObject.access());
        assertEquals(RequiredAccess.object(Permission.READ_ACP), S3Operation.GetObjectAcl.access());
    }

    @Test
    void multipartUploadsNeedWriteOnTheBucketAndTheirListingRead() {
        // As PutObject: a WRITE grantee may upload in parts (the upload, then the object, is the writer's).
        for (S3Operation op : EnumSet.of(S3Operation.CreateMultipartUpload, S3Operation.UploadPart,
                S3Operation.UploadPartCopy, S3Operation.CompleteMultipartUpload, S3Operation.AbortMultipartUpload,
                S3Operation.ListParts)) {
            assertEquals(RequiredAccess.bucket(Permission.WRITE), op.access(), op.name());
        }
        assertEquals(RequiredAccess.bucket(Permission.READ), S3Operation.ListMultipartUploads.access());
    }

    @Test
    void configurationIsTheBucketOwnersOrWhatItsPolicyAllows() {
        for (S3Operation op : EnumSet.of(S3Operation.DeleteBucket, S3Operation.PutBucketCors,
                S3Operation.GetBucketEncryption, S3Operation.PutBucketOwnershipControls, S3Operation.GetObjectTagging,
                S3Operation.GetObjectAttributes)) {
            assertEquals(RequiredAccess.BUCKET_OWNER, op.access(), op.name());
            assertNull(op.access().permission());
        }
    }

    @Test
    void nothingToCheckBeforeABucketExistsOrForWhatIsNotImplemented() {
        assertEquals(RequiredAccess.NONE, S3Operation.ListBuckets.access());
        assertEquals(RequiredAccess.NONE, S3Operation.CreateBucket.access());
        assertEquals(RequiredAccess.NONE, S3Operation.GetBucketWebsite.access());
        assertEquals(RequiredAccess.BUCKET_OWNER, S3Operation.PutBucketPolicy.access());
    }
}
