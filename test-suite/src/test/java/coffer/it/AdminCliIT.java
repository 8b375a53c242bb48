package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.cli.AdminCommand;
import coffer.it.support.AdminCli;
import coffer.it.support.AdminHttp;
import coffer.it.support.BlobFiles;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The admin CLI end to end: its picocli command runs in this JVM against a real gateway's admin port, and the
 * effects are checked through S3. The gateway runs with a GC grace of zero so that a deleted account's blobs can
 * be collected at once.
 */
class AdminCliIT {
    private static final Pattern ACCESS = Pattern.compile("Access key: (\\S+)");
    private static final Pattern SECRET = Pattern.compile("Secret key: (\\S+)");

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().gcGrace(Duration.ZERO).build();

    static AdminCli.Run cli(String... args) {
        return AdminCli.run(gateway, args);
    }

    static AdminCli.Run ok(String... args) {
        return AdminCli.ok(gateway, args);
    }

    static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    static S3Client s3(String access, String secret) {
        return gateway.client(access, secret, false, RequestChecksumCalculation.WHEN_SUPPORTED);
    }

    static void assertS3Error(int status, String code, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(status, e.statusCode());
        if (code != null) {
            assertEquals(code, e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void createListShowSuspendResumeKeysQuotaPlanUsage() throws Exception {
        AdminCli.Run created = ok("account", "create", "cli-carol", "--email", "carol@example.com", "--plan", "premium",
                "--quota", "2GiB");
        assertTrue(created.out().contains("Created account cli-carol (plan premium, quota 2 GiB)"), created.out());
        String access = group(ACCESS, created.out());
        String secret = group(SECRET, created.out());

        JsonNode json = AdminHttp.JSON.readTree(ok("account", "create", "cli-json", "--json").out());
        assertEquals("cli-json", json.get("name").asText());
        assertEquals(40, json.at("/key/secretKey").asText().length());

        assertTrue(ok("account", "list").out().contains("cli-carol"));
        AdminCli.Run shown = ok("account", "show", "cli-carol");
        assertTrue(shown.out().contains("Plan:         premium"), shown.out());
        assertTrue(shown.out().contains(access + "  active"), shown.out());
        assertFalse(shown.out().contains(secret));

        try (S3Client carol = s3(access, secret)) {
            carol.createBucket(b -> b.bucket("carol-bucket"));
            carol.putObject(b -> b.bucket("carol-bucket").key("a.txt"), RequestBody.fromString("hello"));

            assertTrue(ok("account", "suspend", "cli-carol").out().contains("is now suspended"));
            assertS3Error(403, "AccessDenied", () -> carol.putObject(b -> b.bucket("carol-bucket").key("b.txt"),
                    RequestBody.fromString("no")));
            assertS3Error(403, "AccessDenied", () -> carol.deleteObject(b -> b.bucket("carol-bucket").key("a.txt")));
            assertS3Error(403, "AccessDenied", () -> carol.createBucket(b -> b.bucket("carol-other")));
            assertS3Error(403, "AccessDenied", () -> carol.deleteBucket(b -> b.bucket("carol-bucket")));
            assertEquals("hello", carol.getObjectAsBytes(b -> b.bucket("carol-bucket").key("a.txt")).asUtf8String());
            assertEquals(1, carol.listObjectsV2(b -> b.bucket("carol-bucket")).keyCount());
            carol.headObject(b -> b.bucket("carol-bucket").key("a.txt"));

            assertTrue(ok("account", "resume", "cli-carol").out().contains("is now active"));
            carol.putObject(b -> b.bucket("carol-bucket").key("b.txt"), RequestBody.fromString("yes"));

            AdminCli.Run key = ok("key", "create", "cli-carol");
            String access2 = group(ACCESS, key.out());
            String secret2 = group(SECRET, key.out());
            assertTrue(ok("key", "revoke", access).out().contains("Revoked " + access));
            assertS3Error(403, "InvalidAccessKeyId", () -> carol.listObjectsV2(b -> b.bucket("carol-bucket")));
            try (S3Client second = s3(access2, secret2)) {
                assertEquals(2, second.listObjectsV2(b -> b.bucket("carol-bucket")).keyCount());
            }
        }

        assertTrue(ok("quota", "set", "cli-carol", "10GiB").out().contains("10 GiB"));
        assertTrue(ok("plan", "set", "cli-carol", "free").out().contains("plan free (quota 10 GiB)"));
        assertTrue(ok("quota", "set", "cli-carol", "plan").out().contains("100 GiB"));
        AdminCli.Run reconcile = ok("usage", "--reconcile");
        assertTrue(reconcile.out().contains("cli-carol"), reconcile.out());
        assertTrue(ok("usage").out().contains("cli-carol"));
        AdminCli.Run again = ok("usage", "--reconcile", "--json");
        assertFalse(AdminHttp.JSON.readTree(again.out()).get("drift").asBoolean(), again.out());
        assertTrue(ok("plan", "list").out().contains("premium"));
    }

    @Test
    void deleteRevokesKeysAndTheGarbageCollectorFreesTheBlobs() throws Exception {
        AdminCli.Run created = ok("account", "create", "cli-dave");
        String access = group(ACCESS, created.out());
        String secret = group(SECRET, created.out());
        Path blobs = gateway.dataDir().resolve("blobs");
        int before = BlobFiles.snapshot(blobs).size();
        try (S3Client dave = s3(access, secret)) {
            dave.createBucket(b -> b.bucket("dave-bucket"));
            for (int i = 0; i < 3; i++) {
                int n = i;
                // Above the volume threshold (128 KiB), so that each object is a blob file this test can count.
                dave.putObject(b -> b.bucket("dave-bucket").key("k" + n),
                        RequestBody.fromBytes(("data " + n).repeat(30_000).getBytes(StandardCharsets.US_ASCII)));
            }
            assertEquals(before + 3, BlobFiles.snapshot(blobs).size());

            AdminCli.Run deleted = ok("account", "delete", "cli-dave");
            assertTrue(deleted.out().contains("3 objects in 1 buckets"), deleted.out());
            assertS3Error(403, "InvalidAccessKeyId", () -> dave.listBuckets());
        }
        assertTrue(gateway.server().store().findBucket("dave-bucket").isEmpty());
        gateway.server().store().collectGarbage(1000);
        assertEquals(before, BlobFiles.snapshot(blobs).size(), "the deleted account's blobs are freed");
        assertTrue(ok("account", "show", "cli-dave").out().contains("State:        deleted"));
        AdminCli.Run resume = cli("account", "resume", "cli-dave");
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("deleted"), resume.err());
    }

    @Test
    void restoreGoodAndBadRowsTwice() throws Exception {
        Path dir = Files.createTempDirectory(gateway.dataDir(), "restore");
        Path export = dir.resolve("closed.csv");
        Files.writeString(export, "legacy_id,email,display_name,closed_at\n"
                + "L-100,lena@example.com,\"Lena, L.\",2020-06-01\n"     // 2
                + "L-101,,No mail,2020-06-01\n"                          // 3
                + "L-102,mo@example.com,Mo,June 2020\n"                  // 4
                + "L-100,dup@example.com,Dup,2020-06-01\n"               // 5
                + "L-103,\"noor@example.com\",\"Noor \"\"N\"\"\",2021-01-02T03:04:05Z\n", // 6
                StandardCharsets.UTF_8);
        Path out = dir.resolve("credentials.csv");

        AdminCli.Run first = cli("restore", "--from", export.toString(), "--out", out.toString());
        assertEquals(3, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("Restored 2 account(s)"), first.out());
        assertTrue(first.out().contains("line 3: missing email"), first.out());
        assertTrue(first.out().contains("line 4: bad date"), first.out());
        assertTrue(first.out().contains("line 5: duplicate legacy id"), first.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals("legacy_id,account,email,access_key_id,secret_key,claim_url", lines.get(0));
        assertEquals(3, lines.size());
        String[] lena = lines.get(1).split(",");
        assertEquals("L-100", lena[0]);
        assertEquals("legacy-L-100", lena[1]);
        assertFalse(first.out().contains(lena[4]), "secrets go to the file only");
        try (S3Client restored = s3(lena[3], lena[4])) {
            restored.createBucket(b -> b.bucket("lena-bucket"));
        }
        AdminCli.Run shown = ok("account", "show", "legacy-L-100");
        assertTrue(shown.out().contains("Plan:         premium"), shown.out());
        assertTrue(shown.out().contains("Legacy id:    L-100"), shown.out());
        assertTrue(shown.out().contains("Display name: Lena, L."), shown.out());
        assertTrue(ok("account", "show", "legacy-L-103").out().contains("Noor \"N\""));

        AdminCli.Run refused = cli("restore", "--from", export.toString(), "--out", out.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("refusing to overwrite"), refused.err());
        assertEquals(lines, Files.readAllLines(out, StandardCharsets.UTF_8));

        String accountsBefore = ok("account", "list").out();
        Path out2 = dir.resolve("credentials-2.csv");
        AdminCli.Run second = cli("restore", "--from", export.toString(), "--out", out2.toString());
        assertEquals(3, second.code(), "the same bad rows are still reported");
        assertTrue(second.out().startsWith("Nothing changed: 2 account(s)"), second.out());
        assertFalse(Files.exists(out2), "nothing to write, no file");
        assertEquals(accountsBefore, ok("account", "list").out());

        JsonNode audit = AdminHttp.of(gateway).get("/v1/audit?limit=5").json().get("entries");
        assertTrue(audit.toString().contains("restored=0 unchanged=2 bad=3"), audit.toString());
        assertTrue(audit.toString().contains("restored=2 unchanged=0 bad=3"), audit.toString());
    }

    @Test
    void aWrongTokenOrAnUnreachableServerFailsClearly() throws Exception {
        Path wrong = Files.createTempFile(gateway.dataDir(), "token", ".txt");
        Files.writeString(wrong, "not-the-admin-token-at-all");
        StringWriter err = new StringWriter();
        CommandLine cl = AdminCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, cl.execute("account", "list", "--url", gateway.adminEndpoint().toString(), "--token-file",
                wrong.toString()));
        assertTrue(err.toString().contains("invalid admin token"), err.toString());
        assertFalse(err.toString().contains("not-the-admin-token-at-all"));

        AdminCli.Run bad = cli("quota", "set", "cli-nobody", "12 parsecs");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown unit"), bad.err());
        AdminCli.Run missing = cli("account", "show", "cli-nobody");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such account"), missing.err());
    }
}
