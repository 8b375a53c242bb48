package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.PatternStream;
import coffer.it.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The S3 Transfer Manager on the SDK's Java multipart async client (Netty), default checksums: a 40 MiB file goes
 * up as parts and comes back down in parts (GetObject with partNumber).
 */
class TransferManagerIT {
    static final long SIZE = 40L * 1024 * 1024 + 12345;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3AsyncClient async;
    static S3TransferManager transfers;

    @BeforeAll
    static void start() throws Exception {
        try (S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket("transfers"));
        }
        async = S3AsyncClient.builder().multipartEnabled(true).endpointOverride(gateway.endpoint())
                .forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY)))
                .build();
        transfers = S3TransferManager.builder().s3Client(async).build();
    }

    @AfterAll
    static void stop() {
        transfers.close();
        async.close();
    }

    @Test
    void uploadAndDownloadAFileInParts(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("up.bin");
        PatternStream pattern = new PatternStream(42, SIZE);
        try (var out = Files.newOutputStream(source)) {
            pattern.transferTo(out);
        }
        var upload = transfers.uploadFile(u -> u.source(source)
                .putObjectRequest(p -> p.bucket("transfers").key("big/file.bin"))).completionFuture().join();
        assertTrue(upload.response().eTag().matches("\"[0-9a-f]{32}-[0-9]+\""), upload.response().eTag());

        Path target = dir.resolve("down.bin");
        transfers.downloadFile(d -> d.destination(target)
                .getObjectRequest(g -> g.bucket("transfers").key("big/file.bin"))).completionFuture().join();
        assertEquals(SIZE, Files.size(target));
        assertArrayEquals(digest(source), digest(target));
    }

    private static byte[] digest(Path file) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md5.update(buf, 0, n);
            }
        }
        return md5.digest();
    }
}
