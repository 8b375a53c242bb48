package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.DebianTools;
import coffer.it.support.GatewayExtension;
import coffer.it.support.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * rclone, from the Debian package, against the gateway: the "sync from any device" promise. Both provider
 * settings matter: {@code Other} lists with ListObjects v1 without URL encoding, {@code Minio} with v2 and
 * {@code encoding-type=url}; both set modification times by copying an object onto itself with REPLACE and check
 * multipart ETags.
 */
class RcloneIT {
    static final Path RCLONE = Path.of("/usr/bin/rclone");
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "rclone-").toAbsolutePath();
        DebianTools.ensureInstalled("rclone", RCLONE, work);
        s3 = gateway.s3();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Other", "Minio"})
    void copySyncCheckMoveBothWays(String provider) throws Exception {
        String bucket = "rclone-" + provider.toLowerCase();
        Path dir = Files.createDirectories(work.resolve(provider));
        Path config = dir.resolve("rclone.conf");
        Files.writeString(config, "[coffer]\ntype = s3\nprovider = " + provider + "\naccess_key_id = "
                + TestGateway.ACCESS_KEY + "\nsecret_access_key = " + TestGateway.SECRET_KEY + "\nendpoint = "
                + gateway.endpoint() + "\nregion = us-east-1\nforce_path_style = true\n");
        Path local = Files.createDirectories(dir.resolve("local"));
        Map<String, byte[]> tree = writeTree(local, 210);

        ok(rclone(dir, config, "mkdir", "coffer:" + bucket));
        ok(rclone(dir, config, "copy", local.toString(), "coffer:" + bucket + "/tree"));
        assertEquals(tree.keySet().stream().map(k -> "tree/" + k).sorted().toList(), keys(bucket));
        ok(rclone(dir, config, "check", local.toString(), "coffer:" + bucket + "/tree"));

        Path back = dir.resolve("back");
        ok(rclone(dir, config, "sync", "coffer:" + bucket + "/tree", back.toString()));
        assertSameTree(tree, readTree(back));

        // Change the local side and sync again: deletions, changes and additions all arrive.
        List<String> names = new ArrayList<>(tree.keySet());
        for (int i = 0; i < 3; i++) {
            Files.delete(local.resolve(names.get(i)));
            tree.remove(names.get(i));
        }
        byte[] changed = "changed content".getBytes(StandardCharsets.UTF_8);
        Files.write(local.resolve(names.get(10)), changed);
        tree.put(names.get(10), changed);
        Files.writeString(local.resolve("new file ✓.txt"), "new");
        tree.put("new file ✓.txt", "new".getBytes(StandardCharsets.UTF_8));
        ok(rclone(dir, config, "sync", local.toString(), "coffer:" + bucket + "/tree"));
        ok(rclone(dir, config, "check", local.toString(), "coffer:" + bucket + "/tree"));
        assertEquals(tree.size(), keys(bucket).size());

        // moveto is a server-side copy and a delete.
        ok(rclone(dir, config, "moveto", "coffer:" + bucket + "/tree/" + names.get(20),
                "coffer:" + bucket + "/moved/renamed + copy.bin"));
        List<String> after = keys(bucket);
        assertTrue(after.contains("moved/renamed + copy.bin"), after.toString());
        assertFalse(after.contains("tree/" + names.get(20)), after.toString());
        assertArrayEquals(tree.get(names.get(20)),
                s3.getObjectAsBytes(b -> b.bucket(bucket).key("moved/renamed + copy.bin")).asByteArray());
    }

    /** 200-odd files, some in folders, with names that need encoding, and one that goes up in parts. */
    static Map<String, byte[]> writeTree(Path root, int count) throws IOException {
        String[] names = {"plain", "with space", "plus+sign", "percent%20", "hash#tag", "question?", "amp&and",
            "quote'single", "ünïcödé", "日本語", "emoji😀", "brackets[1]", "semi;colon", "equals=sign", "tilde~"};
        Map<String, byte[]> tree = new TreeMap<>();
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            String folder = i % 3 == 0 ? "" : "dir " + (i % 7) + "/sub-" + (i % 2) + "/";
            String name = folder + names[i % names.length] + "-" + i + ".txt";
            byte[] data = new byte[random.nextInt(3000)];
            random.nextBytes(data);
            tree.put(name, data);
        }
        byte[] big = new byte[12 * 1024 * 1024 + 17];
        random.nextBytes(big);
        tree.put("big/large file.bin", big);
        for (Map.Entry<String, byte[]> e : tree.entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        return tree;
    }

    static Map<String, byte[]> readTree(Path root) throws IOException {
        Map<String, byte[]> tree = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                tree.put(root.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return tree;
    }

    static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, data) -> assertArrayEquals(data, actual.get(name), name));
    }

    private static List<String> keys(String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted()
                .toList();
    }

    private static DebianTools.Result rclone(Path dir, Path config, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RCLONE.toString(), "--config", config.toString(),
                "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M", "--retries", "1", "--low-level-retries", "1"));
        command.addAll(List.of(args));
        return DebianTools.exec(command, Map.of("HOME", dir.toString(), "PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8"),
                dir, "rclone", Duration.ofMinutes(3));
    }

    private static void ok(DebianTools.Result r) {
        assertEquals(0, r.exitCode(), r.describe());
    }
}
