package coffer.gateway.integrity;

import coffer.gateway.config.IntegrityConfig;
import coffer.storage.blob.BlobEngine;
import coffer.storage.catalog.IntegrityCatalog;
import coffer.storage.integrity.Reconciler;
import coffer.storage.integrity.Scrubber;
import coffer.storage.integrity.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's self-healing: a {@link Reconciler} that runs once shortly after start and then every
 * {@code reconcileInterval} on its own daemon thread, and the {@link ScrubJobs} the admin API starts. Closing stops
 * both. Thread-safe.
 */
public final class Integrity implements AutoCloseable {
    /** The first pass waits this long, so that it does not compete with the start-up itself. */
    static final Duration FIRST_PASS_DELAY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Integrity.class);

    private final Reconciler reconciler;
    private final ScrubJobs scrubs;
    private final ScheduledExecutorService schedule;

    private Integrity(Reconciler reconciler, ScrubJobs scrubs, ScheduledExecutorService schedule) {
        this.reconciler = reconciler;
        this.scrubs = scrubs;
        this.schedule = schedule;
    }

    /** Builds both and schedules reconciliation; the orphan grace is the GC grace, at least a minute. */
    public static Integrity start(DataSource db, BlobEngine blobs, Clock clock, Duration gcGrace,
                                  IntegrityConfig config) {
        IntegrityCatalog catalog = new IntegrityCatalog(db);
        Reconciler reconciler = new Reconciler(catalog, blobs, clock, Reconciler.orphanGrace(gcGrace),
                config.reconcileRate(), Throttle::of);
        ScrubJobs scrubs = new ScrubJobs(new Scrubber(catalog, blobs, clock), clock, config.scrubRate());
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-reconcile");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        Integrity integrity = new Integrity(reconciler, scrubs, schedule);
        long first = FIRST_PASS_DELAY.toMillis();
        if (config.reconcileInterval().isZero()) {
            schedule.schedule(integrity::reconcileQuietly, first, TimeUnit.MILLISECONDS);
        } else {
            schedule.scheduleWithFixedDelay(integrity::reconcileQuietly, first,
                    config.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        return integrity;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public ScrubJobs scrubs() {
        return scrubs;
    }

    private void reconcileQuietly() {
        try {
            reconciler.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // An engine without listing, or the catalog away: try again at the next pass.
            LOG.warn("reconciliation failed, will retry at the next pass: {}", e.toString());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        scrubs.close();
        try {
            schedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
