package coffer.storage.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.internal.catalog.LeaseCatalog;
import coffer.storage.testkit.StoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The background-work lease on a real MariaDB, with short leases: one holder at a time among contenders, a
 * take-over after the holder stops renewing (as a dead process would), and the old holder counting itself out
 * before the new one counts itself in (fencing on the database's clock).
 */
class BackgroundLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static DataSource db;

    @BeforeAll
    static void database() {
        db = new StoreFixture("lease_test").db; // migrated
    }

    private static BackgroundLease contender(String name, AtomicInteger acquisitions) {
        return BackgroundLease.start(new LeaseCatalog(db, BackgroundLease.MAINTENANCE), name, LEASE,
                acquisitions::incrementAndGet);
    }

    @Test
    void oneHolderAtATimeAndATakeOverWhenTheHolderStopsRenewing() throws Exception {
        AtomicInteger acquiredA = new AtomicInteger();
        AtomicInteger acquiredB = new AtomicInteger();
        AtomicInteger acquiredC = new AtomicInteger();
        BackgroundLease a = contender("gw-a/00000001", acquiredA);
        BackgroundLease b = contender("gw-b/00000002", acquiredB);
        BackgroundLease c = contender("gw-c/00000003", acquiredC);
        List<BackgroundLease> all = List.of(a, b, c);
        try {
            await(() -> all.stream().anyMatch(BackgroundLease::held), all);
            // Contenders keep trying for several leases: never two holders at once.
            sampleForOneHolderAtMost(all, LEASE.multipliedBy(4));
            BackgroundLease first = await(() -> all.stream().anyMatch(BackgroundLease::held), all);
            assertTrue(acquiredA.get() + acquiredB.get() + acquiredC.get() >= 1);
            BackgroundLease.Status status = first.status();
            assertEquals(Optional.of(first.instance()), status.holder());
            assertTrue(status.heldHere());

            first.abandon(); // stops renewing without releasing: a crash
            List<BackgroundLease> others = all.stream().filter(l -> l != first).toList();
            BackgroundLease second = await(() -> others.stream().anyMatch(BackgroundLease::held), others);
            assertFalse(first.held(), "the old holder counts itself out");
            BackgroundLease.Held old = last(first);
            BackgroundLease.Held next = last(second);
            assertTrue(next.epoch() > old.epoch(), "the take-over's epoch is higher: " + old + " " + next);
            assertTrue(old.untilNanos() <= next.fromNanos(),
                    "the old holder stopped before the new one started: " + old + " " + next);
            assertEquals(Optional.of(second.instance()), second.status().holder());

            // A clean stop releases: the last contender takes over without waiting for the lease to run out.
            second.close();
            BackgroundLease third = others.stream().filter(l -> l != second).findFirst().orElseThrow();
            await(third::held, List.of(third));
            assertTrue(last(second).untilNanos() <= last(third).fromNanos());
        } finally {
            all.forEach(BackgroundLease::close);
        }
        assertEquals(Optional.empty(), new LeaseCatalog(db, BackgroundLease.MAINTENANCE).read().liveHolder(),
                "released at close");
    }

    @Test
    void jobsRunOnlyOnTheHolder() throws Exception {
        BackgroundLease a = contender("gw-a/0000000a", new AtomicInteger());
        BackgroundLease b = contender("gw-b/0000000b", new AtomicInteger());
        try {
            BackgroundLease holder = await(() -> a.held() || b.held(), List.of(a, b));
            BackgroundLease other = holder == a ? b : a;
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                boolean onA = a.runIfHeld(ran::incrementAndGet);
                boolean onB = b.runIfHeld(ran::incrementAndGet);
                assertFalse(onA && onB, "a round ran on both gateways");
                Thread.sleep(LEASE.toMillis() / 10);
            }
            assertTrue(holder.jobRuns() >= 1, "the holder ran rounds");
            assertEquals(ran.get(), a.jobRuns() + b.jobRuns());
            if (holder.held()) {
                assertEquals(0, other.runIfHeld(ran::incrementAndGet) ? 1 : 0, "not on the other");
            }
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aGatewayRestartedAfterACrashTakesItsOwnLeaseBackAtOnce() throws Exception {
        Duration longLease = Duration.ofSeconds(60);
        LeaseCatalog catalog = new LeaseCatalog(db, BackgroundLease.MAINTENANCE);
        BackgroundLease crashed = BackgroundLease.start(catalog, "gw-r:9000/00000001", longLease, () -> { });
        BackgroundLease other = null;
        BackgroundLease restarted = null;
        try {
            await(crashed::held, List.of(crashed));
            crashed.abandon();
            other = BackgroundLease.start(catalog, "gw-x:9000/00000002", longLease, () -> { });
            restarted = BackgroundLease.start(catalog, "gw-r:9000/00000003", longLease, () -> { });
            BackgroundLease r = restarted;
            await(r::held, List.of(r));
            assertFalse(other.held(), "another gateway waits for the lease to run out");
            assertEquals(Optional.of("gw-r:9000/00000003"), catalog.read().liveHolder());
        } finally {
            crashed.close();
            if (other != null) {
                other.close();
            }
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static BackgroundLease.Held last(BackgroundLease lease) {
        List<BackgroundLease.Held> history = lease.history();
        assertFalse(history.isEmpty(), lease.instance() + " never held the lease");
        return history.get(history.size() - 1);
    }

    /** Waits (up to 30 s: a loaded machine) until {@code condition}; returns the contender holding the lease. */
    private static BackgroundLease await(BooleanSupplier condition, List<BackgroundLease> among)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "condition never met");
            Thread.sleep(10);
        }
        return among.stream().filter(BackgroundLease::held).findFirst().orElseThrow();
    }

    private static void sampleForOneHolderAtMost(List<BackgroundLease> all, Duration during)
            throws InterruptedException {
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            long holders = all.stream().filter(BackgroundLease::held).count();
            assertTrue(holders <= 1, "two holders at once");
            Thread.sleep(5);
        }
        // the history of each says the same over the whole run: no two held stretches overlap
        List<BackgroundLease.Held> stretches = new ArrayList<>();
        all.forEach(l -> stretches.addAll(l.history()));
        for (BackgroundLease.Held x : stretches) {
            for (BackgroundLease.Held y : stretches) {
                if (x != y && x.epoch() != y.epoch()) {
                    assertTrue(x.untilNanos() <= y.fromNanos() || y.untilNanos() <= x.fromNanos(), x + " " + y);
                }
            }
        }
    }
}
