package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ServerConfig;
import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayProcess;
import coffer.it.support.S3Clients;
import coffer.it.support.SharedMariaDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code make dist} tarball, unpacked, starts the gateway with its own launcher ({@code bin/coffer}, which
 * picks a JDK) and its sample configuration, which then serves S3 and answers readiness. {@code make test} builds
 * the tarball first; a plain {@code mvn test} without one skips this test.
 */
class DistTarballIT {
    private static final String ACCESS_KEY = "DISTACCESSKEY0000001";
    private static final String SECRET_KEY = "dist-secret-key-0123456789abcdefghijkl";

    @Test
    void theUnpackedTarballStartsTheGatewayWithItsLauncher() throws Exception {
        Path tarball = newestTarball();
        Assumptions.assumeTrue(tarball != null, "no dist/coffer-*.tar.gz: run `make dist` (make test does)");
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "dist-");
        run(List.of("tar", "-xzf", tarball.toString(), "-C", work.toString()));
        Path home;
        try (Stream<Path> unpacked = Files.list(work)) {
            home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        for (String part : List.of("bin/coffer", "lib/coffer.jar", "conf/coffer.service", "conf/coffer.properties",
                "docs/configuration.md", "docs/deploy.md", "README.md")) {
            assertTrue(Files.exists(home.resolve(part)), part);
        }
        int port = GatewayProcess.freePort();
        int adminPort = GatewayProcess.freePort();
        Path data = work.resolve("data");
        ServerConfig.DatabaseConfig db = SharedMariaDb.server().database("coffer_dist_"
                + ProcessHandle.current().pid());
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/coffer").toString(), "serve",
                "--port", Integer.toString(port), "--admin-port", Integer.toString(adminPort), "--console-port", "0",
                "--data-dir", data.toString(), "--bind", "127.0.0.1", "--admin-bind", "127.0.0.1")
                .redirectOutput(work.resolve("stdout").toFile())
                .redirectError(work.resolve("stderr").toFile());
        // The sample configuration, with the settings of this machine on top (environment over file).
        builder.environment().put("COFFER_CONFIG", home.resolve("conf/coffer.properties").toString());
        builder.environment().put("COFFER_DB_URL", db.url());
        builder.environment().put("COFFER_DB_USER", db.user());
        builder.environment().put("COFFER_DB_PASSWORD", db.password());
        builder.environment().put("COFFER_ACCESS_KEY", ACCESS_KEY);
        builder.environment().put("COFFER_SECRET_KEY", SECRET_KEY);
        builder.environment().put("COFFER_JAVA_OPTS", "-Xmx256m");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        try {
            awaitServing(process, work, Duration.ofSeconds(90));
            try (S3Client s3 = S3Clients.builder(java.net.URI.create("http://127.0.0.1:" + port), ACCESS_KEY,
                    SECRET_KEY).build()) {
                s3.createBucket(b -> b.bucket("dist"));
                s3.putObject(b -> b.bucket("dist").key("k"), RequestBody.fromString("from the tarball"));
                assertEquals("from the tarball", s3.getObjectAsBytes(b -> b.bucket("dist").key("k")).asUtf8String());
            }
            AdminHttp health = new AdminHttp(java.net.URI.create("http://127.0.0.1:" + adminPort), null);
            assertEquals(200, health.get("/health/ready").status());
            assertTrue(Files.readString(work.resolve("stdout")).contains("\"operation\":\"PutObject\""),
                    "the shipped logging writes the access log to stdout");
        } finally {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    private static Path newestTarball() throws IOException {
        Path dist = Path.of("..", "dist");
        if (!Files.isDirectory(dist)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dist)) {
            return files.filter(p -> p.getFileName().toString().matches("coffer-.*\\.tar\\.gz"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
        }
    }

    private static void awaitServing(Process process, Path work, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the launcher exited with " + process.exitValue() + ":\n"
                        + Files.readString(work.resolve("stderr")));
            }
            if (Files.readString(work.resolve("stdout"), StandardCharsets.UTF_8).contains(GatewayProcess.READY_LINE)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not serving after " + timeout + ":\n" + Files.readString(work.resolve("stderr")));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }
}
