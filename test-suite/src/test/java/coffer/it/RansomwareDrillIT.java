package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.AwsCli;
import coffer.it.support.DebianTools;
import coffer.it.support.GatewayExtension;
import coffer.it.support.TestGateway;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * Issue 13's ransomware drill (docs/object-lock.md): a laptop syncs its files with rclone into a versioned bucket
 * with object lock (default retention COMPLIANCE, one day); ransomware overwrites every file, the next sync uploads
 * the garbage, then the laptop is wiped and the next sync deletes everything. The owner's own keys cannot delete the
 * locked versions (not even with the GOVERNANCE bypass), and every file comes back byte for byte from its versions
 * with the AWS CLI ({@code s3api list-object-versions}, {@code get-object --version-id}).
 */
class RansomwareDrillIT {
    static final Path RCLONE = Path.of("/usr/bin/rclone");
    private static final String BUCKET = "laptop-backup";
    private static final int FILES = 6;
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();

    @Test
    void everyFileComesBackFromItsLockedVersions() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "drill-").toAbsolutePath();
        DebianTools.ensureInstalled("rclone", RCLONE, work);
        AwsCli.ensureInstalled(work);
        AwsCli aws = new AwsCli(Files.createDirectory(work.resolve("cli")), gateway.endpoint(),
                "[default]\nregion = us-east-1\noutput = json\n");
        gateway.s3().createBucket(b -> b.bucket(BUCKET).objectLockEnabledForBucket(true));
        gateway.s3().putObjectLockConfiguration(b -> b.bucket(BUCKET).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));

        Path config = work.resolve("rclone.conf");
        Files.writeString(config, "[coffer]\ntype = s3\nprovider = Other\naccess_key_id = " + TestGateway.ACCESS_KEY
                + "\nsecret_access_key = " + TestGateway.SECRET_KEY + "\nendpoint = " + gateway.endpoint()
                + "\nregion = us-east-1\nforce_path_style = true\n");
        Path laptop = Files.createDirectories(work.resolve("laptop"));
        Map<String, byte[]> originals = new TreeMap<>();
        Random random = new Random(13);
        for (int i = 0; i < FILES; i++) {
            byte[] data = new byte[1000 + random.nextInt(20_000)];
            random.nextBytes(data);
            String name = (i % 2 == 0 ? "photos/" : "docs/") + "file-" + i + ".bin";
            Files.createDirectories(laptop.resolve(name).getParent());
            Files.write(laptop.resolve(name), data);
            originals.put(name, data);
        }
        ok(rclone(work, config, "sync", laptop.toString(), "coffer:" + BUCKET));

        // Ransomware encrypts every file in place; the next scheduled sync faithfully uploads the garbage.
        for (String name : originals.keySet()) {
            Files.writeString(laptop.resolve(name), "ENCRYPTED " + name + ": pay 1 BTC", StandardCharsets.UTF_8);
        }
        ok(rclone(work, config, "sync", laptop.toString(), "coffer:" + BUCKET));
        // Then it wipes the laptop; the next sync deletes every file in the bucket.
        try (Stream<Path> files = Files.walk(laptop)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(laptop)).toList()) {
                Files.delete(p);
            }
        }
        ok(rclone(work, config, "sync", laptop.toString(), "coffer:" + BUCKET));
        assertTrue(gateway.s3().listObjectsV2(b -> b.bucket(BUCKET)).contents().isEmpty(), "the bucket looks empty");

        // Every key now has: the original, the garbage, a delete marker (newest first).
        JsonNode listing = AdminHttp.JSON.readTree(cli(aws, "s3api", "list-object-versions", "--bucket", BUCKET));
        Map<String, List<String>> versions = new TreeMap<>();
        for (JsonNode v : listing.path("Versions")) {
            versions.computeIfAbsent(v.get("Key").asText(), k -> new ArrayList<>()).add(v.get("VersionId").asText());
        }
        assertEquals(originals.keySet(), versions.keySet());
        assertEquals(FILES, listing.path("DeleteMarkers").size());

        // The owner's own keys (as the ransomware holds them) cannot destroy a locked version, bypass or not.
        String first = originals.keySet().iterator().next();
        String oldest = versions.get(first).get(versions.get(first).size() - 1);
        AwsCli.Result refused = aws.run("s3api", "delete-object", "--bucket", BUCKET, "--key", first,
                "--version-id", oldest);
        assertNotEquals(0, refused.exitCode(), refused.describe());
        assertTrue(refused.stderr().contains("AccessDenied"), refused.describe());
        AwsCli.Result bypassed = aws.run("s3api", "delete-object", "--bucket", BUCKET, "--key", first,
                "--version-id", oldest, "--bypass-governance-retention");
        assertTrue(bypassed.stderr().contains("AccessDenied"), bypassed.describe());

        // Restore: the oldest version of each key is the original.
        Path restored = Files.createDirectories(work.resolve("restored"));
        for (Map.Entry<String, List<String>> e : versions.entrySet()) {
            assertEquals(2, e.getValue().size(), e.getKey());
            Path target = restored.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            cli(aws, "s3api", "get-object", "--bucket", BUCKET, "--key", e.getKey(), "--version-id",
                    e.getValue().get(1), target.toString());
            assertArrayEquals(originals.get(e.getKey()), Files.readAllBytes(target), e.getKey());
        }
    }

    private static String cli(AwsCli aws, String... args) throws Exception {
        AwsCli.Result r = aws.run(args);
        assertEquals(0, r.exitCode(), r.describe());
        return r.stdout();
    }

    private static DebianTools.Result rclone(Path dir, Path config, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RCLONE.toString(), "--config", config.toString(),
                "--retries", "1", "--low-level-retries", "1"));
        command.addAll(List.of(args));
        return DebianTools.exec(command, Map.of("HOME", dir.toString(), "PATH", "/usr/bin:/bin", "LC_ALL", "C.UTF-8"),
                dir, "rclone", Duration.ofMinutes(2));
    }

    private static void ok(DebianTools.Result r) {
        assertEquals(0, r.exitCode(), r.describe());
    }
}
