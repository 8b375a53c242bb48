package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AwsCli;
import coffer.it.support.GatewayExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS CLI with a low multipart threshold: multipart uploads, server-side copies (UploadPartCopy for large
 * objects), {@code s3api copy-object}, and {@code s3 sync} in both directions, with deletions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliMultipartIT {
    private static final String CONFIG = "[default]\nregion = us-east-1\noutput = json\n"
            + "s3 =\n    multipart_threshold = 5MB\n    multipart_chunksize = 5MB\n    max_concurrent_requests = 4\n";

    private Path dir;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private S3Client s3;
    private AwsCli aws;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "awscli-mp-").toAbsolutePath();
        AwsCli.ensureInstalled(dir);
        s3 = gateway.s3();
        aws = new AwsCli(Files.createDirectory(dir.resolve("cli")), gateway.endpoint(), CONFIG);
        ok(aws.run("s3", "mb", "s3://cli-mp"));
    }

    @Test
    void multipartUploadServerSideCopyAndDownload() throws Exception {
        byte[] big = new byte[17 * 1024 * 1024 + 5];
        new Random(3).nextBytes(big);
        Path file = Files.write(dir.resolve("big.bin"), big);
        ok(aws.run("s3", "cp", file.toString(), "s3://cli-mp/big.bin"));
        String etag = s3.headObject(b -> b.bucket("cli-mp").key("big.bin")).eTag();
        assertTrue(etag.endsWith("-4\""), etag);

        // Above the threshold the CLI copies with UploadPartCopy.
        ok(aws.run("s3", "cp", "s3://cli-mp/big.bin", "s3://cli-mp/copies/big copy.bin"));
        ok(aws.run("s3api", "copy-object", "--bucket", "cli-mp", "--key", "copies/api-copy.bin",
                "--copy-source", "cli-mp/big.bin", "--metadata-directive", "REPLACE", "--metadata", "color=blue"));
        assertEquals(Map.of("color", "blue"),
                s3.headObject(b -> b.bucket("cli-mp").key("copies/api-copy.bin")).metadata());

        for (String key : List.of("big.bin", "copies/big copy.bin", "copies/api-copy.bin")) {
            Path down = dir.resolve("down-" + key.replace('/', '_'));
            ok(aws.run("s3", "cp", "s3://cli-mp/" + key, down.toString()));
            assertArrayEquals(big, Files.readAllBytes(down), key);
        }
    }

    @Test
    void syncBothWaysWithDeletions() throws Exception {
        Path local = Files.createDirectories(dir.resolve("sync-up"));
        Map<String, byte[]> tree = new TreeMap<>(RcloneIT.writeTree(local, 40));
        ok(aws.run("s3", "sync", local.toString(), "s3://cli-mp/tree"));
        List<String> keys = keys("tree/");
        assertEquals(tree.keySet().stream().map(k -> "tree/" + k).sorted().toList(), keys);

        Path back = dir.resolve("sync-down");
        ok(aws.run("s3", "sync", "s3://cli-mp/tree", back.toString()));
        RcloneIT.assertSameTree(tree, RcloneIT.readTree(back));

        String gone = tree.keySet().iterator().next();
        Files.delete(local.resolve(gone));
        tree.remove(gone);
        ok(aws.run("s3", "sync", "--delete", local.toString(), "s3://cli-mp/tree"));
        assertEquals(tree.size(), keys("tree/").size());
        ok(aws.run("s3", "rm", "--recursive", "s3://cli-mp/tree"));
        assertEquals(List.of(), keys("tree/"));
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket("cli-mp").prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static AwsCli.Result ok(AwsCli.Result r) {
        assertEquals(0, r.exitCode(), r.describe());
        return r;
    }
}
