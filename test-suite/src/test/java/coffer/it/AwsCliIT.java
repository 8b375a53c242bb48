package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AwsCli;
import coffer.it.support.GatewayExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real AWS CLI (Debian package {@code awscli}) against the gateway: buckets, uploads, downloads, listings, a
 * ranged get, head-object and deletes, each checked by exit code and output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliIT {
    /** Multipart upload is not implemented yet, so every upload here must go as one PUT. */
    private static final String CONFIG = "[default]\nregion = us-east-1\noutput = json\n"
            + "s3 =\n    multipart_threshold = 64MB\n";
    private static final int BIG = 12 * 1024 * 1024 + 3;

    private Path dir;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private AwsCli aws;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "awscli-").toAbsolutePath();
        AwsCli.ensureInstalled(dir);
        Path cliDir = Files.createDirectory(dir.resolve("cli"));
        aws = new AwsCli(cliDir, gateway.endpoint(), CONFIG);
    }

    @AfterAll
    void stop() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void makeListAndRemoveBucket() throws Exception {
        AwsCli.Result mb = ok(aws.run("s3", "mb", "s3://cli-buckets"));
        assertTrue(mb.stdout().contains("make_bucket: cli-buckets"), mb.describe());
        assertTrue(ok(aws.run("s3", "ls")).stdout().lines().anyMatch(l -> l.matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d cli-buckets")), "bucket listed");

        AwsCli.Result rb = ok(aws.run("s3", "rb", "s3://cli-buckets"));
        assertTrue(rb.stdout().contains("remove_bucket: cli-buckets"), rb.describe());
        assertFalse(ok(aws.run("s3", "ls")).stdout().contains("cli-buckets"), "bucket gone from the list");
    }

    @Test
    void objectsGoUpComeDownAndGo() throws Exception {
        ok(aws.run("s3", "mb", "s3://cli-objects"));
        byte[] small = "Hello from the AWS CLI, 0123456789 abcdefghij\n".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[BIG];
        new SecureRandom().nextBytes(big);
        Path smallFile = Files.write(dir.resolve("small.txt"), small);
        Path bigFile = Files.write(dir.resolve("big.bin"), big);

        AwsCli.Result up = ok(aws.run("s3", "cp", "--no-progress", smallFile.toString(), "s3://cli-objects/small.txt"));
        assertTrue(up.stdout().contains("upload: ") && up.stdout().contains("to s3://cli-objects/small.txt"),
                up.describe());
        up = ok(aws.run("s3", "cp", "--no-progress", bigFile.toString(), "s3://cli-objects/dir/big.bin"));
        assertTrue(up.stdout().contains("to s3://cli-objects/dir/big.bin"), up.describe());

        // Recursive listing shows both objects with their sizes.
        String listing = ok(aws.run("s3", "ls", "--recursive", "s3://cli-objects/")).stdout();
        assertTrue(listing.matches("(?s).*\\s" + small.length + " small\\.txt\\n.*"), listing);
        assertTrue(listing.matches("(?s).*\\s" + BIG + " dir/big\\.bin\\n.*"), listing);
        // Non-recursive listing rolls dir/ up into a prefix.
        String top = ok(aws.run("s3", "ls", "s3://cli-objects/")).stdout();
        assertTrue(top.contains("PRE dir/") && top.contains(" small.txt"), top);

        Path smallDown = dir.resolve("small.down");
        Path bigDown = dir.resolve("big.down");
        AwsCli.Result down = ok(aws.run("s3", "cp", "--no-progress", "s3://cli-objects/small.txt",
                smallDown.toString()));
        assertTrue(down.stdout().contains("download: s3://cli-objects/small.txt"), down.describe());
        ok(aws.run("s3", "cp", "--no-progress", "s3://cli-objects/dir/big.bin", bigDown.toString()));
        assertArrayEquals(small, Files.readAllBytes(smallDown));
        assertEquals(-1, Files.mismatch(bigFile, bigDown), "downloaded big object differs");

        Path range = dir.resolve("range.bin");
        AwsCli.Result ranged = ok(aws.run("s3api", "get-object", "--bucket", "cli-objects", "--key", "dir/big.bin",
                "--range", "bytes=10-19", range.toString()));
        assertArrayEquals(Arrays.copyOfRange(big, 10, 20), Files.readAllBytes(range));
        assertEquals("10", jsonValue(ranged.stdout(), "ContentLength"), ranged.describe());
        assertEquals("\"bytes 10-19/" + BIG + "\"", jsonValue(ranged.stdout(), "ContentRange"), ranged.describe());

        AwsCli.Result head = ok(aws.run("s3api", "head-object", "--bucket", "cli-objects", "--key", "dir/big.bin"));
        assertEquals(Integer.toString(BIG), jsonValue(head.stdout(), "ContentLength"), head.describe());
        assertEquals("\"\\\"" + md5Hex(big) + "\\\"\"", jsonValue(head.stdout(), "ETag"), head.describe());

        AwsCli.Result rm = ok(aws.run("s3", "rm", "s3://cli-objects/small.txt"));
        assertTrue(rm.stdout().contains("delete: s3://cli-objects/small.txt"), rm.describe());
        ok(aws.run("s3", "rm", "s3://cli-objects/dir/big.bin"));
        assertEquals("", ok(aws.run("s3", "ls", "--recursive", "s3://cli-objects/")).stdout().trim());
        ok(aws.run("s3", "rb", "s3://cli-objects"));
    }

    @Test
    void missingObjectIsAnErrorNotAnEmptySuccess() throws Exception {
        ok(aws.run("s3", "mb", "s3://cli-errors"));
        AwsCli.Result head = aws.run("s3api", "head-object", "--bucket", "cli-errors", "--key", "nothing-here");
        assertNotEquals(0, head.exitCode(), head.describe());
        assertTrue(head.stderr().contains("404"), head.describe());

        AwsCli.Result cp = aws.run("s3", "cp", "--no-progress", "s3://cli-errors/nothing-here",
                dir.resolve("nothing").toString());
        assertNotEquals(0, cp.exitCode(), cp.describe());
        assertFalse(Files.exists(dir.resolve("nothing")), "no file for a missing object");
        ok(aws.run("s3", "rb", "s3://cli-errors"));
    }

    private static AwsCli.Result ok(AwsCli.Result r) {
        assertEquals(0, r.exitCode(), r.describe());
        return r;
    }

    /** The raw JSON value of a top-level field in the CLI's (pretty-printed) output. */
    private static String jsonValue(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[0-9]+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }
}
