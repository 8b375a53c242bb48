package coffer.storage.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.storage.testkit.KeyringStoreFixture;
import coffer.storage.testkit.StoreFixture;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The engine's background work starts its named daemon threads and stops every one of them on close. */
class MaintenanceTest {
    private static final Set<String> THREADS = Set.of("coffer-gc", "coffer-quota-leases", "coffer-reconcile");

    @Test
    void startsItsThreadsAndStopsThemOnClose() throws Exception {
        KeyringStoreFixture f = KeyringStoreFixture.create("maintenance");
        MaintenanceSchedule schedule = new MaintenanceSchedule(Duration.ofMillis(50), Duration.ZERO, 0, 0);
        Maintenance maintenance = Maintenance.start(f.store, f.db, f.blobs, f.keys, f.clock, StoreFixture.GRACE,
                schedule);
        try {
            Thread.sleep(200); // a few GC rounds on an empty queue
            assertEquals(THREADS, running(), "one thread per kind of work, by name");
            assertEquals(0, maintenance.integrity().failedPasses());
        } finally {
            maintenance.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!running().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Set.of(), running(), "closed: none left");
    }

    private static Set<String> running() {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(THREADS::contains).forEach(names::add);
        return names;
    }
}
