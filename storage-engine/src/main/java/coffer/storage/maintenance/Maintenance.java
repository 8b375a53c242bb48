package coffer.storage.maintenance;

import coffer.storage.Store;
import coffer.storage.blob.BlobEngine;
import coffer.storage.integrity.Integrity;
import coffer.storage.internal.catalog.LeaseCatalog;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.internal.lifecycle.LifecycleWorker;
import coffer.storage.keys.KeyRotation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine's background work, started together and stopped together: the garbage collector and the
 * multipart upload reaper ({@code coffer-gc}), the quota reservation lease keeper ({@code coffer-quota-leases}),
 * reconciliation and scrubs ({@link Integrity}: {@code coffer-reconcile}, {@code coffer-scrub}) and master key
 * re-wrapping ({@link KeyRotation}: {@code coffer-key-rewrap}, resumed while more than one key version is
 * loaded). With several gateways on one catalog, the cluster's work (GC, multipart and reservation reapers, scheduled
 * reconciliation, resumed re-wrap) runs only on the gateway holding the {@link BackgroundLease}; renewing this
 * gateway's own reservations, and what the admin API asks of this gateway, run here regardless. All threads are
 * daemons; {@link #close} stops them in reverse order, the lease last. Thread-safe.
 */
public final class Maintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    private static final int GC_BATCH = 500;

    private final Deque<AutoCloseable> parts;
    private final Integrity integrity;
    private final KeyRotation keyRotation;
    private final BackgroundLease lease;

    private Maintenance(Deque<AutoCloseable> parts, Integrity integrity, KeyRotation keyRotation,
                        BackgroundLease lease) {
        this.parts = parts;
        this.integrity = integrity;
        this.keyRotation = keyRotation;
        this.lease = lease;
    }

    /**
     * Starts all of it for {@code store}, whose catalog is {@code db} and blobs {@code blobs}, sealed under
     * {@code keys}; {@code gcGrace} is the store's (reconciliation leaves orphans younger than it alone).
     */
    public static Maintenance start(Store store, DataSource db, BlobEngine blobs, MasterKeyring keys, Clock clock,
                                    Duration gcGrace, MaintenanceSchedule schedule) {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            // Closed last: the jobs below stop first, then the lease is released for another gateway.
            AtomicReference<KeyRotation> rotation = new AtomicReference<>();
            BackgroundLease lease = BackgroundLease.start(new LeaseCatalog(db, BackgroundLease.MAINTENANCE),
                    store.gateway().instance(), schedule.leaseDuration(), () -> resumeRewrap(rotation.get(), keys));
            parts.push(lease);
            Integrity integrity = Integrity.start(db, blobs, clock, gcGrace, schedule.reconcileRate(),
                    schedule.scrubRate(), schedule.reconcileInterval());
            integrity.runScheduledPassesOnlyWhile(lease::held);
            parts.push(integrity);
            KeyRotation keyRotation = new KeyRotation(db, keys, clock);
            parts.push(keyRotation);
            rotation.set(keyRotation);
            if (lease.held()) {
                resumeRewrap(keyRotation, keys); // taken before keyRotation existed
            }

            ScheduledExecutorService gc = Executors.newSingleThreadScheduledExecutor(daemon("coffer-gc"));
            long gcEvery = schedule.gcInterval().toMillis();
            gc.scheduleWithFixedDelay(() -> lease.runIfHeld(() -> collectGarbage(store, lease)), gcEvery, gcEvery,
                    TimeUnit.MILLISECONDS);
            long reapEvery = store.multipart().limits().reapInterval().toMillis();
            gc.scheduleWithFixedDelay(() -> lease.runIfHeld(() -> expireUploads(store)), reapEvery, reapEvery,
                    TimeUnit.MILLISECONDS);
            parts.push(gc::shutdownNow);
            // Lifecycle rules (docs/lifecycle.md): a round every 24th of a lifecycle day, on the lease holder.
            LifecycleWorker lifecycle = new LifecycleWorker(store, clock, schedule.lifecycleDay());
            ScheduledExecutorService lifecycleThread = Executors.newSingleThreadScheduledExecutor(
                    daemon("coffer-lifecycle"));
            long lifecycleEvery = schedule.lifecycleInterval().toMillis();
            lifecycleThread.scheduleWithFixedDelay(() -> lease.runIfHeld(() -> applyLifecycle(lifecycle, lease)),
                    lifecycleEvery, lifecycleEvery, TimeUnit.MILLISECONDS);
            parts.push(lifecycleThread::shutdownNow);
            // Renews this gateway's reservation leases and frees expired ones (of crashed gateways) well within
            // one lease; its own thread, so a long garbage collection cannot let live leases run out.
            ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
                    daemon("coffer-quota-leases"));
            long period = Math.max(1_000, store.quotas().lease().toMillis() / 4);
            leases.scheduleWithFixedDelay(() -> keepReservations(store, lease), period, period,
                    TimeUnit.MILLISECONDS);
            parts.push(leases::shutdownNow);
            return new Maintenance(parts, integrity, keyRotation, lease);
        } catch (RuntimeException | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /** Reconciliation (its reports and counters) and the scrub jobs the admin API starts. */
    public Integrity integrity() {
        return integrity;
    }

    /** Who runs the cluster's background work, for the admin API and metrics. */
    public BackgroundLease lease() {
        return lease;
    }

    /** Master key rotation, re-wrap and destruction, for the admin API. */
    public KeyRotation keyRotation() {
        return keyRotation;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Values may still sit under an older key version (a re-wrap cut short by a stop): the holder resumes it. */
    private static void resumeRewrap(KeyRotation keyRotation, MasterKeyring keys) {
        if (keyRotation != null && keys.versions().size() > 1) {
            keyRotation.startRewrap();
        }
    }

    /** Batch after batch while there is more and this gateway still holds the lease. */
    private static void collectGarbage(Store store, BackgroundLease lease) {
        try {
            int freed;
            do {
                freed = store.collectGarbage(GC_BATCH);
            } while (freed == GC_BATCH && lease.held());
        } catch (RuntimeException e) {
            LOG.warn("garbage collection failed, will retry: {}", e.toString());
        }
    }

    /** One lifecycle round; it stops between pages when this gateway no longer holds the lease. */
    private static void applyLifecycle(LifecycleWorker worker, BackgroundLease lease) {
        try {
            worker.run(lease::held);
        } catch (RuntimeException e) {
            LOG.warn("lifecycle round failed, will retry: {}", e.toString());
        }
    }

    /** Aborts multipart uploads idle past their expiry; their parts then go the collector's way. */
    private static void expireUploads(Store store) {
        try {
            int expired = store.multipart().expireIdleUploads();
            if (expired > 0) {
                LOG.info("aborted {} multipart uploads idle for more than {}", expired,
                        store.multipart().limits().expiry());
            }
        } catch (RuntimeException e) {
            LOG.warn("multipart upload expiry failed, will retry: {}", e.toString());
        }
    }

    /** Renews this gateway's own reservations (always); frees expired ones of any gateway (the lease holder). */
    private static void keepReservations(Store store, BackgroundLease lease) {
        try {
            store.quotas().renewLeases();
            int freed = lease.held() ? store.quotas().reapExpired() : 0;
            if (freed > 0) {
                LOG.info("freed {} expired quota reservations", freed);
            }
        } catch (RuntimeException e) {
            LOG.warn("quota reservation upkeep failed, will retry: {}", e.toString());
        }
    }

    /** Stops the lease keeper, the collector and reaper, key re-wrapping, then reconciliation and scrubs. */
    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
