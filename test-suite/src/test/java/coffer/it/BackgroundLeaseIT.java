package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.AdminHttp;
import coffer.it.support.TestGateway;
import coffer.storage.maintenance.MaintenanceSchedule;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Two real gateways on one MariaDB: the background work runs on exactly one of them, the lease holder (seen in
 * {@code GET /v1/background-lease} and {@code /metrics}), and moves to the other when the holder stops. Short leases
 * and a fast GC schedule through the settings.
 */
class BackgroundLeaseIT {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final MaintenanceSchedule FAST = new MaintenanceSchedule(Duration.ofMillis(100),
            MaintenanceSchedule.DEFAULT_RECONCILE_INTERVAL, 0, 0, LEASE);

    private static BiConsumer<Path, coffer.gateway.config.ServerConfigBuilder> named(String id) {
        return (dir, config) -> config.gatewayId(id).maintenance(FAST);
    }

    @Test
    void backgroundWorkRunsOnTheHolderOnlyAndMovesWhenItStops() throws Exception {
        TestGateway a = TestGateway.start(named("gw-a"));
        TestGateway b = null;
        try {
            b = TestGateway.startBeside(a, named("gw-b"));
            AdminHttp adminA = a.admin();
            AdminHttp adminB = b.admin();
            JsonNode first = awaitHolder(adminA, adminB);
            String holder = first.get("holder").asText();
            assertTrue(holder.startsWith("gw-a/") || holder.startsWith("gw-b/"), holder);
            assertEquals(holder, lease(adminA).get("holder").asText(), "both see the same holder");
            assertEquals(holder, lease(adminB).get("holder").asText(), "both see the same holder");
            boolean aHolds = holder.startsWith("gw-a/");
            AdminHttp holderAdmin = aHolds ? adminA : adminB;
            AdminHttp otherAdmin = aHolds ? adminB : adminA;

            // Between two looks with the same epoch (no take-over in between), only the holder ran job rounds.
            JsonNode otherBefore = lease(otherAdmin);
            JsonNode holderBefore = lease(holderAdmin);
            Thread.sleep(LEASE.toMillis() * 2);
            JsonNode holderAfter = lease(holderAdmin);
            JsonNode otherAfter = lease(otherAdmin);
            if (holderAfter.get("epoch").asLong() == holderBefore.get("epoch").asLong()
                    && holderAfter.get("heldHere").asBoolean()) {
                assertTrue(holderAfter.get("jobRuns").asLong() > holderBefore.get("jobRuns").asLong(),
                        "GC and reapers ran on the holder");
                assertEquals(otherBefore.get("jobRuns").asLong(), otherAfter.get("jobRuns").asLong(),
                        "nothing ran on the other gateway");
            }
            String metrics = holderAdmin.withToken(null).get("/metrics").raw().body();
            assertTrue(metrics.contains("coffer_background_lease_held{gateway=\"" + (aHolds ? "gw-a" : "gw-b")
                    + "\"} 1.0"), "the holder's metric says so");

            // The holder stops (a clean stop releases the lease): the other gateway takes the work over.
            long epoch = lease(otherAdmin).get("epoch").asLong();
            (aHolds ? a : b).close();
            JsonNode next = await(otherAdmin, n -> n.get("heldHere").asBoolean());
            assertNotEquals(holder, next.get("holder").asText());
            assertTrue(next.get("epoch").asLong() > epoch, "a take-over raises the epoch");
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    private static JsonNode lease(AdminHttp admin) throws Exception {
        AdminHttp.Answer answer = admin.get("/v1/background-lease");
        assertEquals(200, answer.status(), answer.raw().body());
        return answer.json();
    }

    private static JsonNode awaitHolder(AdminHttp a, AdminHttp b) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode la = lease(a);
            JsonNode lb = lease(b);
            if (la.get("heldHere").asBoolean() != lb.get("heldHere").asBoolean()) {
                return la.get("heldHere").asBoolean() ? la : lb;
            }
            assertTrue(System.nanoTime() < end, "no single holder: " + la + " " + lb);
            Thread.sleep(50);
        }
    }

    private static JsonNode await(AdminHttp admin, java.util.function.Predicate<JsonNode> condition)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode n = lease(admin);
            if (condition.test(n)) {
                return n;
            }
            assertTrue(System.nanoTime() < end, "never: " + n);
            Thread.sleep(50);
        }
    }
}
