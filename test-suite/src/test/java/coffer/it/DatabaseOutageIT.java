package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.CofferServer;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.db.EmbeddedMariaDb;
import coffer.it.support.AdminHttp;
import coffer.it.support.GatewayProcess;
import coffer.it.support.S3Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A gateway whose MariaDB (its own, on a fixed port) goes away and comes back: while it is down every request
 * answers 503 ServiceUnavailable within seconds and readiness ({@code /health/ready}) is 503; once it is back,
 * requests succeed again, readiness is 200 and nothing was lost.
 */
class DatabaseOutageIT {
    private static final String ACCESS_KEY = "OUTAGEACCESSKEY00001";
    private static final String SECRET_KEY = "outage-secret-0123456789abcdefghijklmnopq";
    private static final String BUCKET = "outage";
    /** The gateway aims at a few seconds; the bound leaves room for a loaded CI machine. */
    private static final Duration MAX_TIME_TO_503 = Duration.ofSeconds(15);
    private static final Duration MAX_RECOVERY = Duration.ofSeconds(30);

    private static Path dir;
    private static Path dbDir;
    private static int dbPort;
    private static EmbeddedMariaDb db;
    private static CofferServer server;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "outage-");
        dbDir = dir.resolve("db");
        dbPort = GatewayProcess.freePort();
        db = EmbeddedMariaDb.start(dbDir, dbPort);
        assertEquals(dbPort, db.port());
        server = CofferServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .database(db.catalog()).firstKeys(new ServerConfig.KeyPair(ACCESS_KEY, SECRET_KEY))
                .admin(ServerConfig.AdminConfig.ephemeral()).build());
        // No retries: each call shows the gateway's first answer and its latency.
        s3 = S3Clients.withoutRetries(server.endpoint(), ACCESS_KEY, SECRET_KEY).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
        // Half a gigabyte of MariaDB binaries and data per run; nothing in it is needed afterwards.
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWhenItReturns() throws Exception {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("before"), RequestBody.fromBytes(data));

        AdminHttp health = new AdminHttp(java.net.URI.create("http://127.0.0.1:" + server.adminPort()), null);
        assertEquals(200, health.get("/health/ready").status());
        db.close();
        AdminHttp.Answer notReady = health.get("/health/ready");
        assertEquals(503, notReady.status(), notReady.raw().body());
        assertEquals("the database is unreachable", notReady.json().get("checks").get("database").asText());
        assertEquals("ok", notReady.json().get("checks").get("dataDir").asText());
        assertEquals(200, health.get("/health/live").status(), "alive while not ready");
        // Twice: the first round finds the pool's dead connections, the second an empty pool.
        for (int round = 1; round <= 2; round++) {
            expect503("HeadObject", round, true, () -> s3.headObject(b -> b.bucket(BUCKET).key("before")));
            expect503("GetObject", round, false, () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("before")));
            expect503("ListObjectsV2", round, false, () -> s3.listObjectsV2(b -> b.bucket(BUCKET)));
            expect503("PutObject", round, false, () -> s3.putObject(b -> b.bucket(BUCKET).key("during"),
                    RequestBody.fromBytes(data)));
        }

        long restart = System.nanoTime();
        db = EmbeddedMariaDb.start(dbDir, dbPort);
        long dbUp = System.nanoTime();
        long recovered = awaitSuccess(() -> s3.headObject(b -> b.bucket(BUCKET).key("before")), MAX_RECOVERY);
        System.out.printf("[outage] database restart took %d ms; first successful request %d ms after it was up%n",
                (dbUp - restart) / 1_000_000, (recovered - dbUp) / 1_000_000);

        assertEquals(200, health.get("/health/ready").status(), "ready again once the database is back");
        assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("before")).asByteArray());
        s3.putObject(b -> b.bucket(BUCKET).key("after"), RequestBody.fromBytes(data));
        List<String> keys = s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
        assertEquals(List.of("after", "before"), keys, "nothing from the outage, nothing lost");
    }

    /** Runs {@code call}, which must fail with 503 ServiceUnavailable (HEAD has no body, so only the status). */
    private static void expect503(String operation, int round, boolean head, Executable call) {
        long t0 = System.nanoTime();
        S3Exception e = assertThrows(S3Exception.class, call, operation);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("[outage] %s (round %d): %d %s after %d ms%n", operation, round, e.statusCode(),
                e.awsErrorDetails().errorCode(), took.toMillis());
        assertEquals(503, e.statusCode(), operation);
        if (!head) {
            assertEquals("ServiceUnavailable", e.awsErrorDetails().errorCode(), operation);
        }
        assertTrue(took.compareTo(MAX_TIME_TO_503) < 0, operation + " took " + took);
    }

    /** Repeats {@code call} until it succeeds; returns the time of the first success. */
    private static long awaitSuccess(Runnable call, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Consumer<RuntimeException> giveUpAfterDeadline = e -> {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no recovery within " + timeout, e);
            }
        };
        while (true) {
            try {
                call.run();
                return System.nanoTime();
            } catch (S3Exception e) {
                assertEquals(503, e.statusCode(), "only 503 is acceptable while the pool reconnects");
                giveUpAfterDeadline.accept(e);
            } catch (RuntimeException e) {
                giveUpAfterDeadline.accept(e);
            }
            Thread.sleep(250);
        }
    }
}
