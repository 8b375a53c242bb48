package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operations an unsigned request may reach: those an ACL can open to everyone, the POST upload (its form is
 * signed) and the CORS preflight. ListBuckets is not among them (issue 10: it answered an anonymous caller 200
 * with an empty list; AWS answers 403 AccessDenied).
 */
class AnonymousOperationsTest {

    @Test
    void onlyWhatAnAclCanOpenAndThePostUploadAdmitAnonymousCallers() {
        Set<S3Operation> admitted = EnumSet.noneOf(S3Operation.class);
        for (S3Operation op : S3Operation.values()) {
            if (op.allowsAnonymous()) {
                admitted.add(op);
            }
        }
        assertEquals(EnumSet.of(S3Operation.PreflightRequest, S3Operation.PostObject, S3Operation.HeadBucket,
                S3Operation.ListObjects, S3Operation.ListObjectsV2, S3Operation.GetBucketAcl, S3Operation.PutBucketAcl,
                S3Operation.GetObject, S3Operation.HeadObject, S3Operation.PutObject, S3Operation.CopyObject,
                S3Operation.DeleteObject, S3Operation.DeleteObjects, S3Operation.GetObjectAcl,
                S3Operation.PutObjectAcl), admitted);
    }
}
