package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ServerConfig;
import coffer.it.support.AdminHttp;
import coffer.it.support.SharedMariaDb;
import coffer.it.support.TestGateway;
import coffer.storage.KeyDirectoryException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two real gateways on one catalog with one cluster key file (docs/security.md, "One keyring for a cluster"): an
 * access key created through A signs requests B accepts, objects written through either read through the other
 * (their blob directories are one directory here; the S3 blob backend is the production way to share blobs), a
 * rotation through A is written under by B, and a gateway with another key file refuses to start. No key material in
 * the log.
 */
class ClusterKeyringIT {
    private static final Path TEST_LOG = Path.of("target", "test-gateway.log");

    private final SecureRandom random = new SecureRandom();
    private TestGateway a;
    private TestGateway b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static TestGateway start(ServerConfig.DatabaseConfig catalog, Path keyFile, Optional<Path> sharedBlobs)
            throws Exception {
        return TestGateway.start((dataDir, config) -> {
            try {
                if (sharedBlobs.isPresent()) {
                    Files.createSymbolicLink(dataDir.resolve("blobs"), sharedBlobs.get().toAbsolutePath());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // Files only: two volume engines must not share one volume directory.
            config.database(catalog).clusterKeyFile(Optional.of(keyFile)).volumesEnabled(false);
        });
    }

    @Test
    void twoGatewaysShareOneKeyring() throws Exception {
        ServerConfig.DatabaseConfig catalog = SharedMariaDb.newCatalog("coffer_cluster");
        Path secrets = Files.createTempDirectory(Path.of("target"), "cluster-secrets-");
        Path keyFile = secrets.resolve("cluster.key");
        a = start(catalog, keyFile, Optional.empty());
        assertTrue(Files.exists(keyFile), "the first gateway creates the cluster key file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertFalse(Files.exists(a.dataDir().resolve("keys")), "no key directory with a cluster key file");
        b = start(catalog, keyFile, Optional.of(a.dataDir().resolve("blobs")));

        AdminHttp adminA = AdminHttp.of(a);
        AdminHttp.Answer created = adminA.post("/v1/accounts", "{\"name\":\"cluster-alice\"}");
        assertEquals(201, created.status(), created.raw().body());
        String accessKey = created.json().at("/key/accessKeyId").asText();
        String secret = created.json().at("/key/secretKey").asText();

        byte[] small = bytes(1000);
        byte[] large = bytes(200_000);
        try (S3Client viaA = client(a, accessKey, secret); S3Client viaB = client(b, accessKey, secret)) {
            // A key made through A signs requests B accepts.
            viaB.createBucket(r -> r.bucket("cluster-bucket"));
            viaB.putObject(r -> r.bucket("cluster-bucket").key("small"), RequestBody.fromBytes(small));
            viaA.putObject(r -> r.bucket("cluster-bucket").key("large"), RequestBody.fromBytes(large));
            assertArrayEquals(small, viaA.getObjectAsBytes(r -> r.bucket("cluster-bucket").key("small"))
                    .asByteArray());
            assertArrayEquals(large, viaB.getObjectAsBytes(r -> r.bucket("cluster-bucket").key("large"))
                    .asByteArray());

            // Rotation through A: B writes under the new version within the refresh interval, and reads the old.
            AdminHttp.Answer rotated = adminA.post("/v1/master-keys/rotate", "");
            assertEquals(201, rotated.status(), rotated.raw().body());
            assertEquals(2, rotated.json().get("version").asInt());
            AdminHttp adminB = AdminHttp.of(b);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (adminB.get("/v1/master-keys").json().get("current").asInt() != 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            JsonNode statusB = adminB.get("/v1/master-keys").json();
            assertEquals(2, statusB.get("current").asInt(), statusB.toString());
            byte[] after = bytes(3000);
            viaB.putObject(r -> r.bucket("cluster-bucket").key("after"), RequestBody.fromBytes(after));
            try (var c = SharedMariaDb.adminConnection(catalog.url()); var ps = c.prepareStatement(
                    "SELECT key_version FROM object WHERE object_key = 'after'");
                 var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1), "B wrote under the version A made current");
            }
            assertArrayEquals(after, viaA.getObjectAsBytes(r -> r.bucket("cluster-bucket").key("after"))
                    .asByteArray());
            assertArrayEquals(small, viaB.getObjectAsBytes(r -> r.bucket("cluster-bucket").key("small"))
                    .asByteArray());
        }

        // A third gateway with another key file refuses to start, naming the file and not the key.
        Path wrong = secrets.resolve("wrong.key");
        Files.write(wrong, bytes(32));
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        KeyDirectoryException refused = assertThrows(KeyDirectoryException.class,
                () -> start(catalog, wrong, Optional.empty()).close());
        assertTrue(refused.getMessage().contains(wrong.toString())
                && refused.getMessage().contains("does not match"), refused.getMessage());

        // The same through `coffer serve`: exit code 1 and one line naming the file, no stack trace, no key.
        Path runDir = Files.createTempDirectory(Path.of("target"), "cluster-refused-").toAbsolutePath();
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                "coffer.gateway.Main", "serve", "--port", "0", "--admin-port", "0", "--console-port", "0",
                "--data-dir", runDir.resolve("data").toString(), "--db-url", catalog.url(),
                "--db-user", catalog.user(), "--cluster-key-file", wrong.toAbsolutePath().toString())
                .directory(runDir.toFile())
                .redirectOutput(runDir.resolve("serve.stdout").toFile())
                .redirectError(runDir.resolve("serve.stderr").toFile());
        // The password travels in the environment, as an operator's unit file would give it.
        command.environment().put("COFFER_DB_PASSWORD", catalog.password());
        Process serve = command.start();
        assertTrue(serve.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "the gateway must exit");
        assertEquals(1, serve.exitValue());
        String err = Files.readString(runDir.resolve("serve.stderr"), StandardCharsets.UTF_8);
        assertTrue(err.contains(wrong.toAbsolutePath().toString()) && err.contains("does not match"), err);
        assertFalse(err.contains("\tat "), "a message, not a stack trace:\n" + err);

        byte[] kek = Files.readAllBytes(keyFile);
        String log = Files.readString(TEST_LOG, StandardCharsets.UTF_8) + err
                + Files.readString(runDir.resolve("serve.stdout"), StandardCharsets.UTF_8);
        for (byte[] key : new byte[][] {kek, Files.readAllBytes(wrong)}) {
            assertFalse(log.contains(HexFormat.of().formatHex(key)), "a cluster key in the log");
            assertFalse(log.contains(Base64.getEncoder().encodeToString(key)), "a cluster key in the log");
            assertFalse(refused.getMessage().contains(HexFormat.of().formatHex(key)));
        }
    }

    private static S3Client client(TestGateway gateway, String accessKey, String secret) {
        return gateway.client(accessKey, secret, false, RequestChecksumCalculation.WHEN_SUPPORTED);
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }
}
