package coffer.it.scaleout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The two failure tests of {@link ScaleOutIT}, under a {@link WriteLoad} through both gateways: the blob store
 * stopped for 10 s, and kill -9 of one gateway. Each prints its timeline. Stateless.
 */
final class OutageAndCrash {
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration NEVER = Duration.ofSeconds(60);

    private OutageAndCrash() {
    }

    private static WriteLoad load(ScaleOutCluster cluster, String bucket, int threadsPerGateway) {
        return new WriteLoad(bucket, "load", List.of(cluster.endpoint(0), cluster.endpoint(1)), threadsPerGateway,
                ScaleOutCluster.ACCESS_KEY, ScaleOutCluster.SECRET_KEY);
    }

    private static long millisSince(long t0, long t) {
        return (t - t0) / 1_000_000;
    }

    /** Waits (polling) until {@code done}; fails after {@link #NEVER}. */
    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + NEVER.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "never: " + what);
            Thread.sleep(20);
        }
    }

    /**
     * s3proxy stopped for 10 s while six writers (three per gateway) PUT: every failure is a 503 ServiceUnavailable
     * or SlowDown (no 500, no request without an answer), both gateways report not ready, and afterwards every
     * acknowledged object reads back through the other gateway than the one that took it.
     */
    static void storeOutage(ScaleOutCluster cluster) throws Exception {
        String bucket = "scale-outage";
        try (S3Client a = cluster.client(0)) {
            a.createBucket(r -> r.bucket(bucket));
        }
        AdminHttp[] health = {cluster.admin(0).withToken(null), cluster.admin(1).withToken(null)};
        WriteLoad load = load(cluster, bucket, 3);
        boolean stopped;
        ReadinessWatch watch;
        long t0 = System.nanoTime();
        long down;
        long up;
        long restart;
        int ackedBefore;
        int ackedDuring;
        try {
            await("acknowledged PUTs before the outage", () -> load.ackedCount() >= 12);
            ackedBefore = load.ackedCount();
            cluster.store().stop();
            down = System.nanoTime();
            watch = new ReadinessWatch(health);
            Thread.sleep(Math.max(0, (OUTAGE.toNanos() - (System.nanoTime() - down)) / 1_000_000));
            ackedDuring = load.ackedCount() - ackedBefore;
            restart = System.nanoTime();
            cluster.store().start();
            up = System.nanoTime();
            watch.stop();
            int before = load.ackedCount();
            await("PUTs acknowledged again after the outage", () -> load.ackedCount() >= before + 12);
        } finally {
            stopped = load.stop(Duration.ofSeconds(120));
        }
        Map<String, Integer> failures = new TreeMap<>();
        load.failures().forEach(f -> failures.merge(f.what(), 1, Integer::sum));
        long first503 = load.failures().stream().filter(f -> f.status() == 503).mapToLong(WriteLoad.Failure::atNanos)
                .min().orElse(-1);
        long last503 = load.failures().stream().filter(f -> f.status() == 503).mapToLong(WriteLoad.Failure::atNanos)
                .max().orElse(-1);
        System.out.printf("[scaleout] store outage of %d ms (stopped %d ms, then its restart took %d ms) under load"
                + " through both gateways: %d PUTs acknowledged"
                + " (%d before, %d during the outage), failures %s, first 503 +%d ms, last 503 +%d ms after the stop,"
                + " longest request %d ms, readiness %s, %d ms in all%n", millisSince(down, up),
                millisSince(down, restart), millisSince(restart, up), load.ackedCount(), ackedBefore, ackedDuring, failures, first503 < 0 ? -1 : millisSince(down, first503),
                last503 < 0 ? -1 : millisSince(down, last503), load.longestMillis(), watch.describe(down),
                millisSince(t0, System.nanoTime()));
        assertTrue(stopped, "a writer hangs");
        assertEquals(List.of(), load.failures().stream().filter(f -> !f.what().equals("503 ServiceUnavailable")
                && !f.what().equals("503 SlowDown")).toList(), "only 503s");
        assertTrue(first503 > 0, "the outage answered 503");
        assertTrue(watch.saw503(0) && watch.saw503(1), "both gateways said not ready: " + watch.describe(down));
        for (AdminHttp h : health) {
            await("ready again", () -> status(h) == 200);
        }
        assertReadable(cluster, bucket, load.acked(), g -> 1 - g);
    }

    private static int status(AdminHttp health) {
        try {
            return health.withTimeout(Duration.ofSeconds(10)).get("/health/ready").status();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every acknowledged object, read through {@code reader.apply(gateway that took it)}: byte for byte, listed. */
    private static void assertReadable(ScaleOutCluster cluster, String bucket, Map<String, WriteLoad.Acked> acked,
                                       java.util.function.IntUnaryOperator reader) {
        assertTrue(acked.size() > 0, "nothing was acknowledged");
        try (S3Client a = cluster.client(0); S3Client b = cluster.client(1)) {
            S3Client[] via = {a, b};
            Set<String> listed = new HashSet<>();
            via[reader.applyAsInt(0)].listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
                    .map(S3Object::key).forEach(listed::add);
            for (WriteLoad.Acked o : acked.values()) {
                S3Client s3 = via[reader.applyAsInt(o.gateway())];
                assertArrayEquals(o.body(), s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asByteArray(),
                        o.key());
                assertTrue(listed.contains(o.key()), o.key() + " is not listed");
            }
        }
    }

    /**
     * kill -9 of the gateway that holds the background-work lease (A, unless B took it over earlier) while four
     * writers (two per gateway) PUT: the survivor answers every request it gets, it holds the lease within about
     * 1.25 leases and runs the jobs, and every acknowledged object, through either gateway, reads back through it.
     */
    static void gatewayKill(ScaleOutCluster cluster) throws Exception {
        String bucket = "scale-crash";
        try (S3Client a = cluster.client(0)) {
            a.createBucket(r -> r.bucket(bucket));
        }
        AdminHttp[] admin = {cluster.admin(0), cluster.admin(1)};
        JsonNode before = lease(admin[0]);
        String holder = before.get("holder").asText();
        int victim = holder.startsWith(ScaleOutCluster.name(1) + "/") ? 1 : 0;
        int survivor = 1 - victim;
        assertTrue(holder.startsWith(ScaleOutCluster.name(victim) + "/"), "a holder: " + before);
        WriteLoad load = load(cluster, bucket, 2);
        long killedAt;
        long takenAt;
        JsonNode taken;
        List<String> killed;
        boolean stopped;
        try {
            await("acknowledged PUTs before the kill", () -> load.ackedCount() >= 30);
            killedAt = System.nanoTime();
            killed = cluster.gateway(victim).killTree();
            taken = awaitLease(admin[survivor], n -> n.get("heldHere").asBoolean());
            takenAt = System.nanoTime();
            long runs = taken.get("jobRuns").asLong();
            awaitLease(admin[survivor], n -> n.get("jobRuns").asLong() > runs);
            long ranAt = System.nanoTime();
            int after = load.ackedCount();
            await("PUTs acknowledged by the survivor after the kill", () -> load.ackedCount() >= after + 10);
            System.out.printf("[scaleout] kill -9 of %s (%s) at t=0: first job round on %s +%d ms%n",
                    ScaleOutCluster.name(victim), killed, ScaleOutCluster.name(survivor),
                    millisSince(killedAt, ranAt));
        } finally {
            stopped = load.stop(Duration.ofSeconds(120));
        }
        List<WriteLoad.Failure> failures = load.failures();
        long lastAck = load.acked().values().stream().filter(o -> o.gateway() == victim)
                .mapToLong(WriteLoad.Acked::atNanos).max().orElse(killedAt);
        long firstFailure = failures.stream().filter(f -> f.gateway() == victim).mapToLong(WriteLoad.Failure::atNanos)
                .min().orElse(killedAt);
        long survivorAcks = load.acked().values().stream().filter(o -> o.gateway() == survivor
                && o.atNanos() > killedAt).count();
        System.out.printf("[scaleout] kill -9 timeline (t=0 the kill): last PUT acknowledged by %s %+d ms, its first"
                + " failed request %+d ms, %s holds the lease +%d ms (epoch %d -> %d, lease %d s), %d PUTs"
                + " acknowledged by %s after the kill, %d in all, %d failed requests (%d through %s)%n",
                ScaleOutCluster.name(victim), millisSince(killedAt, lastAck), millisSince(killedAt, firstFailure),
                ScaleOutCluster.name(survivor), millisSince(killedAt, takenAt), before.get("epoch").asLong(),
                taken.get("epoch").asLong(), ScaleOutCluster.LEASE.toSeconds(), survivorAcks,
                ScaleOutCluster.name(survivor), load.ackedCount(), failures.size(),
                failures.stream().filter(f -> f.gateway() == survivor).count(), ScaleOutCluster.name(survivor));
        assertTrue(stopped, "a writer hangs");
        assertEquals(List.of(), failures.stream().filter(f -> f.gateway() == survivor).toList(),
                "the survivor answers every request");
        assertEquals(List.of(), failures.stream().filter(f -> f.atNanos() < killedAt || f.status() != 0).toList(),
                "the victim's requests fail only by the kill, without an answer");
        assertTrue(taken.get("holder").asText().startsWith(ScaleOutCluster.name(survivor) + "/"), taken.toString());
        assertTrue(taken.get("epoch").asLong() > before.get("epoch").asLong(), "a take-over raises the epoch");
        assertReadable(cluster, bucket, load.acked(), g -> survivor);
    }

    private static JsonNode lease(AdminHttp admin) throws Exception {
        AdminHttp.Answer answer = admin.get("/v1/background-lease");
        assertEquals(200, answer.status(), answer.raw().body());
        return answer.json();
    }

    private static JsonNode awaitLease(AdminHttp admin, Predicate<JsonNode> condition) throws Exception {
        long end = System.nanoTime() + NEVER.toNanos();
        while (true) {
            JsonNode n = lease(admin);
            if (condition.test(n)) {
                return n;
            }
            assertTrue(System.nanoTime() < end, "never: " + n);
            Thread.sleep(20);
        }
    }
}
