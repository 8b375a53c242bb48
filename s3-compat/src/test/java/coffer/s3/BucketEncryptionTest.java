package coffer.s3;

import static coffer.s3.HandlerFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.Bucket;
import coffer.storage.ObjectEncryption;
import org.junit.jupiter.api.Test;

/** Put/Get/DeleteBucketEncryption against the in-memory engine, and the default reaching a later PutObject. */
class BucketEncryptionTest {
    private static final String KMS_DEFAULT = "<ServerSideEncryptionConfiguration><Rule>"
            + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
            + "<KMSMasterKeyID>team-key</KMSMasterKeyID></ApplyServerSideEncryptionByDefault>"
            + "<BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>";

    private final HandlerFixture f = new HandlerFixture();
    private final Bucket bucket = f.bucket("vault");

    @Test
    void aKmsDefaultIsKeptAndAppliesToObjectsWrittenWithoutHeaders() {
        assertEquals(S3ErrorCode.SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND, assertThrows(S3Exception.class,
                () -> f.encryption.getBucketEncryption(f.request("GET", "/vault?encryption").context())).error());
        f.encryption.putBucketEncryption(f.request("PUT", "/vault?encryption").body(KMS_DEFAULT).contentMd5()
                .context());
        String xml = text(f.encryption.getBucketEncryption(f.request("GET", "/vault?encryption").context()));
        assertTrue(xml.contains("<SSEAlgorithm>aws:kms</SSEAlgorithm>")
                && xml.contains("<KMSMasterKeyID>team-key</KMSMasterKeyID>"), xml);

        S3Response put = f.writes.putObject(f.request("PUT", "/vault/doc").body("x").context());
        assertEquals("aws:kms", put.firstHeader("x-amz-server-side-encryption"));
        ObjectEncryption stored = f.storage.findObject(bucket, "doc").orElseThrow().attributes().encryption();
        assertEquals(ObjectEncryption.AWS_KMS, stored.algorithm());
        assertEquals("team-key", stored.kmsKeyId());
        assertTrue(stored.bucketKeyEnabled());
    }

    @Test
    void deletingTheDefaultBringsBackAes256() {
        f.encryption.putBucketEncryption(f.request("PUT", "/vault?encryption").body(KMS_DEFAULT).contentMd5()
                .context());
        assertEquals(204, f.encryption.deleteBucketEncryption(f.request("DELETE", "/vault?encryption").context())
                .status());
        S3Response put = f.writes.putObject(f.request("PUT", "/vault/plain").body("x").context());
        assertEquals("AES256", put.firstHeader("x-amz-server-side-encryption"));
    }
}
