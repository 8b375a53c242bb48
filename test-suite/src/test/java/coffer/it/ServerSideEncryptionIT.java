package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** SSE as clients see it: AES256 (what every object gets) is echoed; SSE-KMS is refused, not ignored (SSE-C: SseCustomerKeyIT). */
class ServerSideEncryptionIT {
    static TestGateway gateway;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        s3 = gateway.client();
        s3.createBucket(b -> b.bucket("sse"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        gateway.close();
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
    void kmsIsRefusedNotIgnored() {
        S3Exception kms = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("sse").key("kms")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("my-key"), RequestBody.fromString("z")));
        assertEquals(501, kms.statusCode());
        assertEquals("NotImplemented", kms.awsErrorDetails().errorCode());
        assertEquals(404, assertThrows(S3Exception.class,
                () -> s3.headObject(b -> b.bucket("sse").key("kms"))).statusCode(), "nothing stored");
    }

    @Test
    void bucketDefaultEncryptionIsAes256() {
        var config = s3.getBucketEncryption(b -> b.bucket("sse")).serverSideEncryptionConfiguration();
        assertEquals(ServerSideEncryption.AES256,
                config.rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm());
        s3.putBucketEncryption(b -> b.bucket("sse").serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        assertEquals(501, assertThrows(S3Exception.class, () -> s3.putBucketEncryption(b -> b.bucket("sse")
                .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(d -> d
                        .sseAlgorithm(ServerSideEncryption.AWS_KMS)))))).statusCode());
        s3.deleteBucketEncryption(b -> b.bucket("sse"));
    }
}
