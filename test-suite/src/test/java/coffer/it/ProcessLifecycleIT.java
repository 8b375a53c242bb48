package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import coffer.it.support.GatewayProcess;
import coffer.it.support.PatternStream;
import coffer.it.support.S3Clients;
import coffer.it.support.ThrottledStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@code coffer serve} as a real child process with {@code -Xmx256m}: first start with keys from the environment,
 * SIGTERM while an upload is in flight, a second start on the same data directory, and a 2 GiB round trip.
 * The tests build on each other and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessLifecycleIT {
    private static final String ACCESS_KEY = "LIFECYCLEACCESSKEY01";
    private static final String SECRET_KEY = "lifecycle-secret-0123456789abcdefghijklmno";
    private static final String BUCKET = "lifecycle";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final long SLOW_SIZE = 64L * 1024 * 1024;
    private static final long SLOW_SEED = 64;
    private static final long BIG_SIZE = 2L * 1024 * 1024 * 1024;
    private static final long BIG_SEED = 2048;

    private static Path runDir;
    private static Path dataDir;
    private static int port;
    private static GatewayProcess gateway;
    private static String credentialsText;
    private static boolean shutdownUploadDone;
    private static boolean secondStartVerified;
    private static final Map<String, byte[]> SMALL = new LinkedHashMap<>();

    @BeforeAll
    static void directories() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        runDir = Files.createTempDirectory(target, "lifecycle-");
        dataDir = runDir.resolve("data");
        port = GatewayProcess.freePort();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        // The logs stay for inspection; the data (2 GiB of blobs) goes.
        if (dataDir != null && Files.exists(dataDir) && GatewayProcess.processesMentioning(dataDir).isEmpty()) {
            try (Stream<Path> all = Files.walk(dataDir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void firstStartTakesKeysFromEnvironmentAndWritesThemPrivately() throws Exception {
        gateway = GatewayProcess.start(runDir, "first", dataDir, port,
                Map.of("COFFER_ACCESS_KEY", ACCESS_KEY, "COFFER_SECRET_KEY", SECRET_KEY), START_TIMEOUT);

        // Standard output is a file here, not a terminal: it names the credentials file and never prints the secret.
        String out = gateway.stdout();
        assertFalse(out.contains(SECRET_KEY), out);
        assertTrue(out.contains(dataDir.resolve("credentials").toString()), out);
        assertFalse(gateway.stderr().contains(SECRET_KEY), "the secret must not reach the log");

        Path credentials = dataDir.resolve("credentials");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(credentials));
        credentialsText = Files.readString(credentials, StandardCharsets.UTF_8);
        assertTrue(credentialsText.contains("access_key=" + ACCESS_KEY + "\n"), "credentials name the access key");
        assertTrue(credentialsText.contains("secret_key=" + SECRET_KEY + "\n"), "credentials hold the secret key");

        try (S3Client s3 = client(gateway.endpoint(), false)) {
            s3.createBucket(b -> b.bucket(BUCKET));
            Random random = new Random(42);
            for (int size : new int[] {0, 1000, 3 * 1024 * 1024 + 5}) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                String key = "small/" + size;
                PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
                assertEquals(quotedHex(MessageDigest.getInstance("MD5").digest(data)), put.eTag());
                SMALL.put(key, data);
            }
        }
    }

    @Test
    @Order(2)
    void sigtermLetsTheUploadInFlightFinishAndStopsMariaDbCleanly() throws Exception {
        assumeTrue(gateway != null && gateway.process().isAlive(), "needs the first start");
        ThrottledStream body = new ThrottledStream(new PatternStream(SLOW_SEED, SLOW_SIZE), SLOW_SIZE / 3);
        AtomicReference<Long> uploadEnd = new AtomicReference<>();
        try (S3Client s3 = client(gateway.endpoint(), true)) {
            CompletableFuture<PutObjectResponse> upload = CompletableFuture.supplyAsync(() -> {
                PutObjectResponse r = s3.putObject(b -> b.bucket(BUCKET).key("during-shutdown"),
                        RequestBody.fromInputStream(body, SLOW_SIZE));
                uploadEnd.set(System.nanoTime());
                return r;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (body.delivered() < SLOW_SIZE / 4 && System.nanoTime() < deadline && !upload.isDone()) {
                Thread.sleep(10);
            }
            long sentAtSignal = body.delivered();
            assertTrue(sentAtSignal >= SLOW_SIZE / 4 && sentAtSignal < SLOW_SIZE, "upload under way: " + sentAtSignal);
            long signalled = System.nanoTime();
            gateway.terminate();

            PutObjectResponse put = upload.get(60, TimeUnit.SECONDS);
            assertEquals(200, put.sdkHttpResponse().statusCode());
            assertEquals(quotedHex(PatternStream.md5Of(SLOW_SEED, SLOW_SIZE)), put.eTag());
            shutdownUploadDone = true;

            int exit = gateway.awaitExit(Duration.ofSeconds(30));
            long exited = System.nanoTime();
            System.out.printf("[lifecycle] SIGTERM after %d MiB sent; upload finished %d ms after SIGTERM; "
                            + "process exited with %d, %d ms after SIGTERM%n", sentAtSignal >> 20,
                    (uploadEnd.get() - signalled) / 1_000_000, exit, (exited - signalled) / 1_000_000);
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + "\n" + GatewayProcess.tail(
                    runDir.resolve("first.stderr")));
        }
        assertEquals(List.of(), GatewayProcess.processesMentioning(dataDir), "nothing may outlive the gateway");
        // mysqld removes its pid file only on a clean shutdown.
        try (Stream<Path> files = Files.list(dataDir.resolve("db").resolve("data"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".pid")).toList());
        }
        String log = gateway.stderr();
        assertFalse(log.contains("ERROR"), log);
    }

    @Test
    @Order(3)
    void secondStartFindsEverythingAsItWasAndPrintsNoSecret() throws Exception {
        assumeTrue(shutdownUploadDone, "needs the graceful shutdown");
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_ACCESS_KEY", null);
        env.put("COFFER_SECRET_KEY", null);
        gateway = GatewayProcess.start(runDir, "second", dataDir, port, env, START_TIMEOUT);

        String out = gateway.stdout();
        assertFalse(out.contains(SECRET_KEY), out);
        // The usage example's "AWS_SECRET_ACCESS_KEY=..." placeholder is fine; any actual value is not.
        assertFalse(Pattern.compile("AWS_SECRET_ACCESS_KEY=(?!\\.\\.\\.)").matcher(out).find(), out);
        assertTrue(out.contains(dataDir.resolve("credentials").toString()), "points to the credentials file");
        assertEquals(credentialsText, Files.readString(dataDir.resolve("credentials"), StandardCharsets.UTF_8));

        try (S3Client s3 = client(gateway.endpoint(), false)) {
            for (Map.Entry<String, byte[]> e : SMALL.entrySet()) {
                assertArrayEquals(e.getValue(), s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(e.getKey())).asByteArray(),
                        e.getKey());
            }
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(BUCKET).key("during-shutdown"))) {
                assertEquals(SLOW_SIZE, compareWithPattern(in, SLOW_SEED, SLOW_SIZE));
            }
            List<String> keys = s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
            assertEquals(List.of("during-shutdown", "small/0", "small/1000", "small/3145733"), keys);
        }
        secondStartVerified = true;
    }

    @Test
    @Order(4)
    void twoGibibytesStreamThroughAGatewayWith256MiBHeap() throws Exception {
        assumeTrue(secondStartVerified && gateway.process().isAlive(), "needs the second start");
        assertTrue(gateway.process().info().commandLine().orElse("-Xmx256m").contains("-Xmx256m"));
        AtomicReference<PatternStream> sent = new AtomicReference<>();
        try (S3Client s3 = client(gateway.endpoint(), false)) {
            long t0 = System.nanoTime();
            PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("big"),
                    RequestBody.fromContentProvider(() -> {
                        sent.set(new PatternStream(BIG_SEED, BIG_SIZE));
                        return sent.get();
                    }, BIG_SIZE, "application/octet-stream"));
            long t1 = System.nanoTime();
            assertTrue(sent.get().exhausted(), "the SDK sent the whole body");
            byte[] md5 = sent.get().digest();
            assertEquals(quotedHex(md5), put.eTag(), "ETag is the MD5 of the content");

            long got;
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(BUCKET).key("big"))) {
                assertEquals(BIG_SIZE, in.response().contentLength());
                assertEquals(put.eTag(), in.response().eTag());
                got = compareWithPattern(in, BIG_SEED, BIG_SIZE);
            }
            long t2 = System.nanoTime();
            assertEquals(BIG_SIZE, got);
            System.out.printf("[lifecycle] 2 GiB under -Xmx256m: PUT %.1f s (%.0f MB/s), GET %.1f s (%.0f MB/s)%n",
                    (t1 - t0) / 1e9, BIG_SIZE / 1e6 / ((t1 - t0) / 1e9), (t2 - t1) / 1e9,
                    BIG_SIZE / 1e6 / ((t2 - t1) / 1e9));
            s3.deleteObject(b -> b.bucket(BUCKET).key("big"));
        }
        assertTrue(gateway.process().isAlive(), "the gateway survived");
        assertFalse(gateway.stderr().contains("OutOfMemoryError"));
    }

    /**
     * Reads {@code in} to its end, comparing every byte with the pattern and keeping a running MD5 of what was read;
     * never holds more than one buffer. Returns the number of bytes read.
     */
    private static long compareWithPattern(InputStream in, long seed, long length) throws IOException {
        PatternStream expected = new PatternStream(seed, length);
        MessageDigest md5 = md5();
        byte[] actual = new byte[1 << 20];
        byte[] wanted = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = in.read(actual)) > 0) {
            int filled = 0;
            while (filled < n) {
                int m = expected.read(wanted, filled, n - filled);
                if (m < 0) {
                    fail("more than " + length + " bytes came back");
                }
                filled += m;
            }
            int at = Arrays.mismatch(actual, 0, n, wanted, 0, n);
            if (at >= 0) {
                fail("content differs at byte " + (total + at));
            }
            md5.update(actual, 0, n);
            total += n;
        }
        assertArrayEquals(expected.digest(), md5.digest(), "running MD5 of what came back");
        return total;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quotedHex(byte[] digest) {
        return "\"" + HexFormat.of().formatHex(digest) + "\"";
    }

    /** The AWS SDK v2 with its default settings, path-style; optionally without retries. */
    private static S3Client client(URI endpoint, boolean noRetries) {
        return (noRetries ? S3Clients.withoutRetries(endpoint, ACCESS_KEY, SECRET_KEY)
                : S3Clients.builder(endpoint, ACCESS_KEY, SECRET_KEY)).build();
    }
}
