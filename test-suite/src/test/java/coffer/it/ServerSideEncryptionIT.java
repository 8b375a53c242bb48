package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.it.support.GatewayExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * SSE as clients see it: AES256 (what every object gets by default) is echoed, unknown algorithms are refused, not
 * ignored, and the bucket default is kept (SSE-KMS: SseKmsIT; SSE-C: SseCustomerKeyIT).
 */
class ServerSideEncryptionIT {
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3();
        s3.createBucket(b -> b.bucket("sse"));
    }

    @Test
    void everyObjectReportsAes256() {
        var put = s3.putObject(b -> b.bucket("sse").key("plain"), RequestBody.fromString("x"));
        assertEquals(ServerSideEncryption.AES256, put.serverSideEncryption());
        var asked = s3.putObject(b -> b.bucket("sse").key("asked").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("y"));
        assertEquals(ServerSideEncryption.AES256, asked.serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, s3.headObject(b -> b.bucket("sse").key("asked")).serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256,
                s3.getObjectAsBytes(b -> b.bucket("sse").key("plain")).response().serverSideEncryption());
    }

    @Test
    void unknownAlgorithmsAreRefusedNotIgnored() {
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("sse").key("dsse")
                .serverSideEncryption("aws:kms:dsse"), RequestBody.fromString("z")));
        assertEquals(400, e.statusCode());
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertEquals(404, assertThrows(S3Exception.class,
                () -> s3.headObject(b -> b.bucket("sse").key("dsse"))).statusCode(), "nothing stored");
    }

    @Test
    void bucketDefaultEncryptionIsStoredAndRemoved() {
        S3Exception none = assertThrows(S3Exception.class, () -> s3.getBucketEncryption(b -> b.bucket("sse")));
        assertEquals("ServerSideEncryptionConfigurationNotFoundError", none.awsErrorDetails().errorCode());
        s3.putBucketEncryption(b -> b.bucket("sse").serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        var config = s3.getBucketEncryption(b -> b.bucket("sse")).serverSideEncryptionConfiguration();
        assertEquals(ServerSideEncryption.AES256,
                config.rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm());
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.putBucketEncryption(b -> b.bucket("sse")
                .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(d -> d
                        .sseAlgorithm(ServerSideEncryption.AES256).kmsMasterKeyID("k")))))).statusCode());
        s3.deleteBucketEncryption(b -> b.bucket("sse"));
        assertEquals(404, assertThrows(S3Exception.class, () -> s3.getBucketEncryption(b -> b.bucket("sse")))
                .statusCode());
    }
}
