package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.Main;
import coffer.gateway.config.ServerConfig;
import coffer.it.support.S3Clients;
import coffer.it.support.SharedMariaDb;
import coffer.it.support.TestGateway;
import coffer.storage.BlobStoreMismatchException;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.testkit.S3Proxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * {@code coffer admin blobs migrate} end to end: objects written through a gateway on local disks (small ones in
 * volumes, large and multipart ones as files, SSE-C, an upload left open), the gateway stopped, the migration run
 * as the CLI (in-process) against s3proxy (its own process), and a gateway started on the S3 store reading everything
 * byte for byte; a migration killed (kill -9) mid-way is resumed by running it again.
 */
class BlobMigrationIT {
    private static final String BUCKET = "photos";

    @RegisterExtension
    static final S3Proxy store = S3Proxy.forClass("blob-migration-it");

    private record Run(int code, String out) {
    }

    /** The CLI with the installation's settings and the store's, the secret key from the environment only. */
    private static Run migrate(ServerConfig.DatabaseConfig db, Path dataDir, String bucket, String... extra) {
        List<String> args = new ArrayList<>(List.of("admin", "blobs", "migrate", "--data-dir", dataDir.toString(),
                "--db-url", db.url(), "--db-user", db.user(), "--db-password", db.password(), "--blob-store", "s3",
                "--blob-s3-endpoint", store.endpoint().toString(), "--blob-s3-bucket", bucket,
                "--blob-s3-prefix", "coffer/", "--blob-s3-access-key", S3Proxy.ACCESS_KEY));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), Map.of("COFFER_BLOB_S3_SECRET_KEY", S3Proxy.SECRET_KEY),
                new PrintWriter(out), new PrintWriter(out));
        String printed = out.toString();
        assertFalse(printed.contains(S3Proxy.SECRET_KEY), "the store's secret is never printed");
        return new Run(code, printed);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static S3BlobSettings blobStore(String bucket) {
        return S3BlobSettings.of(store.endpoint(), bucket, "coffer/", "us-east-1", S3Proxy.ACCESS_KEY,
                S3Proxy.SECRET_KEY);
    }

    private static TestGateway onS3(ServerConfig.DatabaseConfig db, Path dataDir, String bucket) throws Exception {
        return TestGateway.onDatabase(db, (d, b) -> b.dataDir(dataDir).blobS3(Optional.of(blobStore(bucket))));
    }

    private static void assertAllRead(S3Client s3, Map<String, byte[]> objects) {
        objects.forEach((key, body) -> assertArrayEquals(body,
                s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray(), key));
    }

    private static long localBlobFiles(Path dataDir) throws Exception {
        try (Stream<Path> walk = Files.walk(dataDir.resolve("blobs"))) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void smallLargeMultipartAndSseCObjectsReadByteExactOnS3AfterTheMigration() throws Exception {
        ServerConfig.DatabaseConfig db = SharedMariaDb.newCatalog("blob_migration_it");
        Path[] dir = new Path[1];
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            objects.put("small-" + i, bytes(4096 + i, i));
        }
        objects.put("empty", new byte[0]);
        objects.put("medium", bytes(300_000, 20));
        byte[] part1 = bytes(5 * 1024 * 1024, 21);
        byte[] part2 = bytes(5 * 1024 * 1024 + 17, 22);
        byte[] part3 = bytes(70_000, 23);
        byte[] customerKey = bytes(32, 24);
        String k64 = Base64.getEncoder().encodeToString(customerKey);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(customerKey));
        byte[] ssecSmall = bytes(5000, 25);
        byte[] ssecLarge = bytes(1_200_000, 26);
        byte[] openPart = bytes(5 * 1024 * 1024, 27);
        byte[] lastPart = bytes(1000, 28);
        String openUpload;
        try (TestGateway local = TestGateway.onDatabase(db, (d, b) -> dir[0] = d); S3Client s3 = local.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            objects.forEach((key, body) -> s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body)));
            String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multi")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            byte[][] bodies = {part1, part2, part3};
            for (int i = 0; i < bodies.length; i++) {
                int n = i + 1;
                String etag = s3.uploadPart(b -> b.bucket(BUCKET).key("multi").uploadId(upload).partNumber(n),
                        RequestBody.fromBytes(bodies[n - 1])).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multi").uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
            for (Map.Entry<String, byte[]> e : Map.of("ssec-small", ssecSmall, "ssec-large", ssecLarge).entrySet()) {
                s3.putObject(b -> b.bucket(BUCKET).key(e.getKey()).sseCustomerAlgorithm("AES256").sseCustomerKey(k64)
                        .sseCustomerKeyMD5(md5), RequestBody.fromBytes(e.getValue()));
            }
            openUpload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("open")).uploadId();
            s3.uploadPart(b -> b.bucket(BUCKET).key("open").uploadId(openUpload).partNumber(1),
                    RequestBody.fromBytes(openPart));
        }
        store.createBucket("migrated-all");

        Run run = migrate(db, dir[0], "migrated-all");
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("problems: 0"), run.out());
        assertTrue(run.out().contains("switched"), run.out());
        // The old setting on the migrated catalog: refused, saying what to do.
        BlobStoreMismatchException refused = assertThrows(BlobStoreMismatchException.class,
                () -> TestGateway.onDatabase(db, (d, b) -> b.dataDir(dir[0])));
        assertTrue(refused.getMessage().contains("--blob-store s3"), refused.getMessage());
        assertTrue(localBlobFiles(dir[0]) > 0, "the local blobs stay until --remove-local");

        try (TestGateway gateway = onS3(db, dir[0], "migrated-all"); S3Client s3 = gateway.client()) {
            assertAllRead(s3, objects);
            byte[] whole = new byte[part1.length + part2.length + part3.length];
            System.arraycopy(part1, 0, whole, 0, part1.length);
            System.arraycopy(part2, 0, whole, part1.length, part2.length);
            System.arraycopy(part3, 0, whole, part1.length + part2.length, part3.length);
            assertArrayEquals(whole, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("multi")).asByteArray());
            assertArrayEquals(Arrays.copyOfRange(whole, 5_000_000, 6_000_001), s3.getObjectAsBytes(b -> b
                    .bucket(BUCKET).key("multi").range("bytes=5000000-6000000")).asByteArray());
            for (Map.Entry<String, byte[]> e : Map.of("ssec-small", ssecSmall, "ssec-large", ssecLarge).entrySet()) {
                assertArrayEquals(e.getValue(), s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(e.getKey())
                        .sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(md5)).asByteArray());
            }
            // The upload left open before the migration completes on the S3 store.
            String etag2 = s3.uploadPart(b -> b.bucket(BUCKET).key("open").uploadId(openUpload).partNumber(2),
                    RequestBody.fromBytes(lastPart)).eTag();
            String etag1 = s3.listParts(b -> b.bucket(BUCKET).key("open").uploadId(openUpload)).parts().get(0).eTag();
            s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("open").uploadId(openUpload).multipartUpload(m -> m
                    .parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                            CompletedPart.builder().partNumber(2).eTag(etag2).build())));
            byte[] opened = new byte[openPart.length + lastPart.length];
            System.arraycopy(openPart, 0, opened, 0, openPart.length);
            System.arraycopy(lastPart, 0, opened, openPart.length, lastPart.length);
            assertArrayEquals(opened, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("open")).asByteArray());

            // The explicit later step, with the S3 gateway serving (external catalog): verify, then delete.
            Run removed = migrate(db, dir[0], "migrated-all", "--remove-local");
            assertEquals(0, removed.code(), removed.out());
            assertEquals(0, localBlobFiles(dir[0]));
            assertAllRead(s3, objects);
        }
    }

    @Test
    void aMigrationKilledMidWayIsResumedByRunningItAgain() throws Exception {
        ServerConfig.DatabaseConfig db = SharedMariaDb.newCatalog("blob_migration_resume");
        Path[] dir = new Path[1];
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            // 3 MiB blobs: copying twenty takes seconds even on an idle machine, so the kill lands mid-way.
            objects.put("object-" + i, bytes(i % 2 == 0 ? 3000 + i : 3 * 1024 * 1024 + i, 100 + i));
        }
        try (TestGateway local = TestGateway.onDatabase(db, (d, b) -> dir[0] = d); S3Client s3 = local.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            objects.forEach((key, body) -> s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body)));
        }
        store.createBucket("migrated-resume");
        // kill -9 of the migration in its own JVM as soon as the store lists some of the blobs as complete objects.
        Path logs = Files.createDirectories(dir[0].resolveSibling(dir[0].getFileName() + "-migrate-logs"));
        long copiedBeforeTheKill;
        try (S3Client backend = S3Clients.builder(store.endpoint(), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY).build()) {
            Process child = migrateInChild(db, dir[0], "migrated-resume", logs);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (storedBlobObjects(backend) < 3 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            copiedBeforeTheKill = storedBlobObjects(backend);
        }
        System.out.println("[blob-migration-it] the migration was killed with " + copiedBeforeTheKill + " of "
                + objects.size() / 2 + " blob objects stored");
        assertEquals("migrating", blobStoreState(db), "killed before the switch: "
                + Files.readString(logs.resolve("migrate.stdout")));
        assertTrue(copiedBeforeTheKill > 0 && copiedBeforeTheKill < objects.size() / 2, "mid-way: "
                + copiedBeforeTheKill);

        Run second = migrate(db, dir[0], "migrated-resume");
        assertEquals(0, second.code(), second.out());
        Matcher counts = Pattern.compile("blobs copied: (\\d+) .*already in the store: (\\d+)").matcher(second.out());
        assertTrue(counts.find(), second.out());
        long copiedNow = Long.parseLong(counts.group(1));
        long already = Long.parseLong(counts.group(2));
        assertEquals(objects.size(), copiedNow + already, second.out());
        assertTrue(already >= copiedBeforeTheKill, "what the killed run stored is not copied again: " + second.out());
        assertEquals("s3", blobStoreState(db));
        try (TestGateway gateway = onS3(db, dir[0], "migrated-resume"); S3Client s3 = gateway.client()) {
            assertAllRead(s3, objects);
        }
    }

    /** {@code coffer admin blobs migrate} in a JVM of its own; secrets in its environment, not its command line. */
    private static Process migrateInChild(ServerConfig.DatabaseConfig db, Path dataDir, String bucket, Path logs)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                "coffer.gateway.Main", "admin", "blobs", "migrate", "--data-dir", dataDir.toAbsolutePath().toString(),
                "--db-url", db.url(), "--db-user", db.user(), "--blob-store", "s3",
                "--blob-s3-endpoint", store.endpoint().toString(), "--blob-s3-bucket", bucket,
                "--blob-s3-prefix", "coffer/", "--blob-s3-access-key", S3Proxy.ACCESS_KEY));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(logs.resolve("migrate.stdout").toFile())
                .redirectError(logs.resolve("migrate.stderr").toFile());
        builder.environment().put("COFFER_DB_PASSWORD", db.password());
        builder.environment().put("COFFER_BLOB_S3_SECRET_KEY", S3Proxy.SECRET_KEY);
        return builder.start();
    }

    /** Complete {@code blobs/<id>} objects in the store, as its listing shows them (not files being written). */
    private static long storedBlobObjects(S3Client backend) {
        return backend.listObjectsV2Paginator(b -> b.bucket("migrated-resume").prefix("coffer/blobs/")).contents()
                .stream().filter(o -> o.key().matches("coffer/blobs/[0-9a-f]{32}")).count();
    }

    private static String blobStoreState(ServerConfig.DatabaseConfig db) throws Exception {
        try (Connection c = SharedMariaDb.adminConnection(db.url());
             PreparedStatement ps = c.prepareStatement("SELECT state FROM blob_store WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
