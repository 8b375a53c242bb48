package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayProcess;
import coffer.it.support.S3Clients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code coffer serve} as a child process whose standard output is a file (as under systemd or CI): the first
 * start keeps the secret key out of it; a master key file open to other users refuses the start with a clear
 * message and a non-zero exit; a key file dropped into the key directory is ignored, not made current. In order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStartAndKeyDirectoryIT {
    private static final String ACCESS_KEY = "FIRSTSTARTACCESSKEY1";
    private static final String SECRET_KEY = "first-start-secret-0123456789abcdefghijkl";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static Path runDir;
    private static Path dataDir;
    private static int port;

    @BeforeAll
    static void directories() throws IOException {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        runDir = Files.createTempDirectory(target, "first-start-");
        dataDir = runDir.resolve("data");
        port = GatewayProcess.freePort();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (dataDir != null && Files.exists(dataDir) && GatewayProcess.processesMentioning(dataDir).isEmpty()) {
            try (Stream<Path> all = Files.walk(dataDir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void firstStartWithoutATerminalPointsToTheCredentialsFileAndPrintsNoSecret() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(runDir, "first", dataDir, port,
                Map.of("COFFER_ACCESS_KEY", ACCESS_KEY, "COFFER_SECRET_KEY", SECRET_KEY), START_TIMEOUT)) {
            String out = gateway.stdout();
            assertFalse(out.contains(SECRET_KEY), out);
            assertTrue(out.contains("credentials are in " + dataDir.resolve("credentials")), out);
            assertFalse(gateway.stderr().contains(SECRET_KEY), "the secret must not reach the log");
            // The file is where the credentials are, and they work.
            String file = Files.readString(dataDir.resolve("credentials"), StandardCharsets.UTF_8);
            assertTrue(file.contains("secret_key=" + SECRET_KEY + "\n"), "the credentials file holds the secret");
            try (S3Client s3 = client(gateway)) {
                s3.createBucket(b -> b.bucket("first-start"));
            }
        }
    }

    @Test
    @Order(2)
    void aMasterKeyFileReadableByOthersRefusesTheStart() throws Exception {
        Path key = dataDir.resolve("keys").resolve("master-1.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Process p = serve("refused");
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the gateway must exit");
            assertNotEquals(0, p.exitValue());
            String err = Files.readString(runDir.resolve("refused.stderr"), StandardCharsets.UTF_8);
            assertTrue(err.contains(key.toString()) && err.contains("0600"), err);
            assertFalse(err.contains("\tat "), "a message, not a stack trace:\n" + err);
        } finally {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    @Order(3)
    void aKeyFileDroppedIntoTheKeyDirectoryIsIgnored() throws Exception {
        Path stray = dataDir.resolve("keys").resolve("master-2.key");
        Files.write(stray, new byte[32]);
        Files.setPosixFilePermissions(stray, PosixFilePermissions.fromString("rw-------"));
        try (GatewayProcess gateway = GatewayProcess.start(runDir, "stray", dataDir, port, Map.of(),
                START_TIMEOUT)) {
            assertTrue(gateway.stderr().contains("ignoring master key file " + stray), gateway.stderr());
            try (S3Client s3 = client(gateway)) {
                s3.putObject(b -> b.bucket("first-start").key("k"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("still version 1"));
                assertEquals("still version 1", s3.getObjectAsBytes(b -> b.bucket("first-start").key("k"))
                        .asUtf8String());
            }
        }
        // Started without the stray key: what was written opens without it.
        Files.delete(stray);
        try (GatewayProcess gateway = GatewayProcess.start(runDir, "after", dataDir, port, Map.of(),
                START_TIMEOUT); S3Client s3 = client(gateway)) {
            assertEquals("still version 1", s3.getObjectAsBytes(b -> b.bucket("first-start").key("k"))
                    .asUtf8String());
        }
    }

    private static Process serve(String label) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                "coffer.gateway.Main", "serve", "--port", Integer.toString(port), "--admin-port", "0",
                "--console-port", "0",
                "--data-dir", dataDir.toString())
                .directory(runDir.toFile())
                .redirectOutput(runDir.resolve(label + ".stdout").toFile())
                .redirectError(runDir.resolve(label + ".stderr").toFile())
                .start();
    }

    private static S3Client client(GatewayProcess gateway) {
        return S3Clients.builder(gateway.endpoint(), ACCESS_KEY, SECRET_KEY).build();
    }
}
