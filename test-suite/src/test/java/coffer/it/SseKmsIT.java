package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * SSE-KMS with the built-in key manager through the AWS SDK v2: the key id echoed on put, get, head, copy and
 * multipart; the account's default key; bucket default encryption; copies between KMS keys, SSE-C and SSE-S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SseKmsIT {
    private static final String BUCKET = "ssekms";
    private static final String BY_DEFAULT = "ssekms-default";
    private static final int MIB = 1024 * 1024;

    private final SecureRandom random = new SecureRandom();
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.createBucket(b -> b.bucket(BY_DEFAULT));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void putKms(String bucket, String key, byte[] body, String keyId) {
        var put = s3.putObject(b -> b.bucket(bucket).key(key).serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(keyId), RequestBody.fromBytes(body));
        assertEquals(ServerSideEncryption.AWS_KMS, put.serverSideEncryption());
        assertEquals(keyId, put.ssekmsKeyId());
    }

    @Test
    void theKeyIdIsEchoedOnPutGetAndHead() {
        byte[] body = bytes(200_000);
        putKms(BUCKET, "named", body, "testkey-1");
        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("named"));
        assertArrayEquals(body, got.asByteArray());
        assertEquals(ServerSideEncryption.AWS_KMS, got.response().serverSideEncryption());
        assertEquals("testkey-1", got.response().ssekmsKeyId());
        var head = s3.headObject(b -> b.bucket(BUCKET).key("named"));
        assertEquals("testkey-1", head.ssekmsKeyId());
        var range = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("named").range("bytes=70000-70009"));
        assertArrayEquals(java.util.Arrays.copyOfRange(body, 70000, 70010), range.asByteArray());
    }

    @Test
    void withoutAKeyIdTheAccountsDefaultKeyIsUsed() {
        var put = s3.putObject(b -> b.bucket(BUCKET).key("default-key")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).bucketKeyEnabled(true), RequestBody.fromString("d"));
        assertTrue(put.ssekmsKeyId().startsWith("arn:aws:kms:") && put.ssekmsKeyId().endsWith(":alias/aws/s3"),
                put.ssekmsKeyId());
        assertEquals(Boolean.TRUE, put.bucketKeyEnabled());
        var head = s3.headObject(b -> b.bucket(BUCKET).key("default-key"));
        assertEquals(put.ssekmsKeyId(), head.ssekmsKeyId());
        assertEquals(Boolean.TRUE, head.bucketKeyEnabled());
    }

    @Test
    void encryptionHeadersAreRefusedOnReadsAndInConflict() {
        putKms(BUCKET, "refusals", bytes(10), "testkey-1");
        S3Exception onRead = assertThrows(S3Exception.class, () -> s3.getObject(b -> b.bucket(BUCKET)
                .key("refusals").overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "aws:kms"))));
        assertEquals(400, onRead.statusCode());
        S3Exception conflict = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("c")
                .serverSideEncryption(ServerSideEncryption.AES256).ssekmsKeyId("testkey-1"),
                RequestBody.fromString("x")));
        assertEquals("InvalidArgument", conflict.awsErrorDetails().errorCode());
    }

    @Test
    void bucketDefaultKmsAppliesToPutsAndMultipartUploads() {
        assertEquals(404, assertThrows(S3Exception.class,
                () -> s3.getBucketEncryption(b -> b.bucket(BY_DEFAULT))).statusCode());
        s3.putBucketEncryption(b -> b.bucket(BY_DEFAULT).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID("testkey-2")))));
        var rule = s3.getBucketEncryption(b -> b.bucket(BY_DEFAULT)).serverSideEncryptionConfiguration().rules()
                .get(0).applyServerSideEncryptionByDefault();
        assertEquals("testkey-2", rule.kmsMasterKeyID());

        var put = s3.putObject(b -> b.bucket(BY_DEFAULT).key("plain-put"), RequestBody.fromString("p"));
        assertEquals("testkey-2", put.ssekmsKeyId());
        var asked = s3.putObject(b -> b.bucket(BY_DEFAULT).key("asked-s3")
                .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("s"));
        assertEquals(ServerSideEncryption.AES256, asked.serverSideEncryption(), "the request wins over the default");
        assertNull(asked.ssekmsKeyId());

        byte[] part1 = bytes(5 * MIB);
        byte[] part2 = bytes(1000);
        var created = s3.createMultipartUpload(b -> b.bucket(BY_DEFAULT).key("mp"));
        assertEquals("testkey-2", created.ssekmsKeyId());
        String id = created.uploadId();
        var up1 = s3.uploadPart(b -> b.bucket(BY_DEFAULT).key("mp").uploadId(id).partNumber(1),
                RequestBody.fromBytes(part1));
        assertEquals("testkey-2", up1.ssekmsKeyId());
        var up2 = s3.uploadPart(b -> b.bucket(BY_DEFAULT).key("mp").uploadId(id).partNumber(2),
                RequestBody.fromBytes(part2));
        var done = s3.completeMultipartUpload(b -> b.bucket(BY_DEFAULT).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(up1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(up2.eTag()).build())));
        assertEquals("testkey-2", done.ssekmsKeyId());
        byte[] whole = s3.getObjectAsBytes(b -> b.bucket(BY_DEFAULT).key("mp")).asByteArray();
        assertArrayEquals(part1, java.util.Arrays.copyOf(whole, part1.length));
        assertArrayEquals(part2, java.util.Arrays.copyOfRange(whole, part1.length, whole.length));

        s3.deleteBucketEncryption(b -> b.bucket(BY_DEFAULT));
        assertEquals(ServerSideEncryption.AES256, s3.putObject(b -> b.bucket(BY_DEFAULT).key("after"),
                RequestBody.fromString("a")).serverSideEncryption());
    }

    @Test
    void copiesMoveBetweenKmsKeysCustomerKeysAndSseS3() throws Exception {
        byte[] body = bytes(300_000);
        putKms(BUCKET, "copy-src", body, "testkey-1");

        var toOtherKey = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src").destinationBucket(BUCKET)
                .destinationKey("copy-k2").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("testkey-2"));
        assertEquals("testkey-2", toOtherKey.ssekmsKeyId());
        var k2 = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy-k2"));
        assertArrayEquals(body, k2.asByteArray());
        assertEquals("testkey-2", k2.response().ssekmsKeyId());

        var toPlain = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src").destinationBucket(BUCKET)
                .destinationKey("copy-plain"));
        assertEquals(ServerSideEncryption.AES256, toPlain.serverSideEncryption(), "the source's key is not kept");
        assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy-plain")).asByteArray());

        byte[] raw = bytes(32);
        String key = Base64.getEncoder().encodeToString(raw);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(raw));
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src").destinationBucket(BUCKET)
                .destinationKey("copy-ssec").sseCustomerAlgorithm("AES256").sseCustomerKey(key).sseCustomerKeyMD5(md5));
        assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy-ssec")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(key).sseCustomerKeyMD5(md5)).asByteArray());
        var back = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-ssec").destinationBucket(BUCKET)
                .destinationKey("copy-back").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(key)
                .copySourceSSECustomerKeyMD5(md5).serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId("testkey-1"));
        assertEquals("testkey-1", back.ssekmsKeyId());
        assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy-back")).asByteArray());
    }

    @Test
    void uploadPartCopyReadsAKmsSourceIntoAnotherKeysUpload() {
        byte[] body = bytes(5 * MIB + 17);
        putKms(BUCKET, "part-src", body, "testkey-1");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("part-dst")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("testkey-2")).uploadId();
        var copied = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("part-src").destinationBucket(BUCKET)
                .destinationKey("part-dst").uploadId(id).partNumber(1));
        assertEquals("testkey-2", copied.ssekmsKeyId());
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("part-dst").uploadId(id).multipartUpload(m -> m.parts(
                List.of(CompletedPart.builder().partNumber(1).eTag(copied.copyPartResult().eTag()).build()))));
        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("part-dst"));
        assertArrayEquals(body, got.asByteArray());
        assertEquals("testkey-2", got.response().ssekmsKeyId());
    }
}
