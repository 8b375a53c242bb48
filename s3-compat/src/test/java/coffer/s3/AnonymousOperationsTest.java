package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The operations an unsigned request may reach: every operation on a bucket or object (an ACL or a bucket policy can
 * open it to everyone; the authorizer then decides), the POST upload (its form is signed) and the CORS preflight.
 * ListBuckets, CreateBucket and what is not implemented are not among them (issue 10: ListBuckets answered an
 * anonymous caller 200 with an empty list; AWS answers 403 AccessDenied).
 */
class AnonymousOperationsTest {

    @Test
    void whatAddressesABucketAndThePostUploadAdmitAnonymousCallers() {
        for (S3Operation op : S3Operation.values()) {
            boolean expected = op == S3Operation.PreflightRequest || op == S3Operation.PostObject
                    || op.access().scope() != RequiredAccess.Scope.NONE;
            assertEquals(expected, op.allowsAnonymous(), op.name());
        }
        for (S3Operation op : EnumSet.of(S3Operation.ListBuckets, S3Operation.CreateBucket,
                S3Operation.GetBucketWebsite, S3Operation.SelectObjectContent)) {
            assertFalse(op.allowsAnonymous(), op.name());
        }
        for (S3Operation op : EnumSet.of(S3Operation.GetObject, S3Operation.GetObjectTagging,
                S3Operation.ListObjectVersions, S3Operation.GetBucketPolicy, S3Operation.UploadPart)) {
            assertTrue(op.allowsAnonymous(), op.name());
        }
    }
}
