package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.S3cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real s3cmd (Debian package {@code s3cmd}) against the gateway, once signing with SigV2 and once with SigV4:
 * mb, put, ls, get, info, del, rb; then a multipart put (s3cmd splits above 15 MB), sync up and down and a
 * recursive delete (DeleteObjects).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3cmdIT {
    private Path dir;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "s3cmd-").toAbsolutePath();
        S3cmd.ensureInstalled(dir);
    }

    @AfterAll
    void stop() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @ParameterizedTest(name = "signature_v2 = {0}")
    @ValueSource(booleans = {true, false})
    void bucketAndObjectRoundTrip(boolean signatureV2) throws Exception {
        Path work = Files.createDirectory(dir.resolve(signatureV2 ? "v2" : "v4"));
        S3cmd s3cmd = new S3cmd(work, gateway.endpoint(), signatureV2);
        String bucket = "s3cmd-" + (signatureV2 ? "v2" : "v4");
        byte[] data = new byte[3 * 1024 * 1024 + 11];
        new Random(signatureV2 ? 2 : 4).nextBytes(data);
        Path upload = Files.write(work.resolve("upload.bin"), data);

        ok(s3cmd.run("mb", "s3://" + bucket));
        // s3cmd's debug output names the signature it used: make sure the gateway saw the intended one.
        String debug = ok(s3cmd.run("-d", "ls", "s3://" + bucket)).stderr();
        assertTrue(debug.contains("Using signature " + (signatureV2 ? "v2" : "v4")), debug);
        assertTrue(ok(s3cmd.run("ls")).stdout().contains("s3://" + bucket));
        ok(s3cmd.run("put", upload.toString(), "s3://" + bucket + "/dir/a file+plus.bin"));

        String listing = ok(s3cmd.run("ls", "s3://" + bucket + "/dir/")).stdout();
        assertTrue(listing.contains("s3://" + bucket + "/dir/a file+plus.bin"), listing);
        assertTrue(listing.contains(Integer.toString(data.length)), listing);

        String info = ok(s3cmd.run("info", "s3://" + bucket + "/dir/a file+plus.bin")).stdout();
        assertTrue(info.contains(Integer.toString(data.length)), info);

        Path download = work.resolve("download.bin");
        ok(s3cmd.run("get", "s3://" + bucket + "/dir/a file+plus.bin", download.toString()));
        assertArrayEquals(data, Files.readAllBytes(download));

        ok(s3cmd.run("del", "s3://" + bucket + "/dir/a file+plus.bin"));
        assertFalse(ok(s3cmd.run("ls", "s3://" + bucket + "/dir/")).stdout().contains("a file"));
        ok(s3cmd.run("rb", "s3://" + bucket));
        assertFalse(ok(s3cmd.run("ls")).stdout().contains("s3://" + bucket));
    }

    @ParameterizedTest(name = "signature_v2 = {0}")
    @ValueSource(booleans = {true, false})
    void multipartSyncAndRecursiveDelete(boolean signatureV2) throws Exception {
        Path work = Files.createDirectory(dir.resolve(signatureV2 ? "mp-v2" : "mp-v4"));
        S3cmd s3cmd = new S3cmd(work, gateway.endpoint(), signatureV2);
        String bucket = "s3cmd-mp-" + (signatureV2 ? "v2" : "v4");
        byte[] big = new byte[16 * 1024 * 1024 + 123];
        new Random(16).nextBytes(big);
        Path tree = Files.createDirectories(work.resolve("tree/sub"));
        Files.write(work.resolve("tree/big.bin"), big);
        Files.writeString(tree.resolve("small.txt"), "small");
        Files.writeString(work.resolve("tree/other.txt"), "other");

        ok(s3cmd.run("mb", "s3://" + bucket));
        String debug = ok(s3cmd.run("-d", "put", work.resolve("tree/big.bin").toString(),
                "s3://" + bucket + "/big.bin")).stderr();
        assertTrue(debug.contains("uploadId") || debug.contains("UploadId"), "expected a multipart upload");
        Path bigBack = work.resolve("big.back");
        ok(s3cmd.run("get", "s3://" + bucket + "/big.bin", bigBack.toString()));
        assertArrayEquals(big, Files.readAllBytes(bigBack));

        ok(s3cmd.run("sync", work.resolve("tree").toString() + "/", "s3://" + bucket + "/synced/"));
        String listing = ok(s3cmd.run("ls", "--recursive", "s3://" + bucket + "/synced/")).stdout();
        assertTrue(listing.contains("synced/sub/small.txt") && listing.contains("synced/other.txt")
                && listing.contains("synced/big.bin"), listing);
        // A second sync finds nothing to do.
        ok(s3cmd.run("sync", work.resolve("tree").toString() + "/", "s3://" + bucket + "/synced/"));
        Path down = Files.createDirectory(work.resolve("down"));
        ok(s3cmd.run("sync", "s3://" + bucket + "/synced/", down.toString() + "/"));
        assertEquals("small", Files.readString(down.resolve("sub/small.txt")));
        assertArrayEquals(big, Files.readAllBytes(down.resolve("big.bin")));

        ok(s3cmd.run("del", "--recursive", "--force", "s3://" + bucket));
        assertEquals("", ok(s3cmd.run("ls", "--recursive", "s3://" + bucket)).stdout().trim());
        ok(s3cmd.run("rb", "s3://" + bucket));
    }

    private static S3cmd.Result ok(S3cmd.Result result) {
        assertEquals(0, result.exitCode(), result.describe());
        return result;
    }
}
