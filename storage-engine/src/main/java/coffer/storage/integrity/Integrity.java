package coffer.storage.integrity;

import coffer.storage.blob.BlobEngine;
import coffer.storage.internal.catalog.IntegrityCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's self-healing, started by {@link coffer.storage.maintenance.Maintenance}: a {@link Reconciler} that
 * runs once shortly after start and then every {@code reconcileInterval} on its own daemon thread, and the {@link ScrubJobs} the admin API starts. A pass that
 * fails is tried again after a short back-off ({@link #retryDelay}), not an interval later: a failure at start (a
 * full disk, the database not yet up) is repaired soon after its cause. Closing stops both. Thread-safe.
 */
public final class Integrity implements AutoCloseable {
    /** The first pass waits this long, so that it does not compete with the start-up itself. */
    static final Duration FIRST_PASS_DELAY = Duration.ofSeconds(10);
    /** A failed pass is tried again after this, doubling while it keeps failing, up to {@link #MAX_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(Integrity.class);

    private final Reconciler reconciler;
    private final ScrubJobs scrubs;
    private final ScheduledExecutorService schedule;
    private final Duration interval;
    private final AtomicLong failedPasses = new AtomicLong();
    private int failuresInARow; // only the schedule's one thread touches it
    private volatile BooleanSupplier gate = () -> true;

    private Integrity(Reconciler reconciler, ScrubJobs scrubs, ScheduledExecutorService schedule,
                      Duration interval) {
        this.reconciler = reconciler;
        this.scrubs = scrubs;
        this.schedule = schedule;
        this.interval = interval;
    }

    /**
     * Starts reconciliation and makes the scrub jobs for the catalog in {@code db} and the blobs in {@code blobs}.
     * Reconciliation walks at most {@code reconcileRate} blobs and rows per second, leaves orphans younger than
     * {@code gcGrace} (at least {@link Reconciler#MIN_ORPHAN_GRACE}) alone, and runs as {@link #start(Reconciler,
     * ScrubJobs, Duration)} says, every {@code reconcileInterval}; a scrub reads at most {@code scrubRate} bytes per
     * second (0: no limit, for both).
     */
    public static Integrity start(DataSource db, BlobEngine blobs, Clock clock, Duration gcGrace, long reconcileRate,
                                  long scrubRate, Duration reconcileInterval) {
        IntegrityCatalog catalog = new IntegrityCatalog(db);
        Reconciler reconciler = new Reconciler(catalog, blobs, clock, Reconciler.orphanGrace(gcGrace), reconcileRate,
                Throttle::of);
        ScrubJobs scrubs = new ScrubJobs(new Scrubber(catalog, blobs, clock), clock, scrubRate);
        return start(reconciler, scrubs, reconcileInterval);
    }

    /**
     * Schedules {@code reconciler}'s passes, the first {@link #FIRST_PASS_DELAY} from now, then every
     * {@code interval} (zero: only that one); {@code scrubs} is closed with it.
     */
    static Integrity start(Reconciler reconciler, ScrubJobs scrubs, Duration interval) {
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-reconcile");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        Integrity integrity = new Integrity(reconciler, scrubs, schedule, interval);
        schedule.schedule(integrity::scheduledPass, FIRST_PASS_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        return integrity;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public ScrubJobs scrubs() {
        return scrubs;
    }

    /** Scheduled passes that failed since start (the catalog away, the blob store unreadable, the disk full). */
    public long failedPasses() {
        return failedPasses.get();
    }

    /**
     * Scheduled passes run only while {@code mayRun} says so (the background-work lease): a tick on a gateway that
     * does not hold it is skipped and looked at again after {@link #FIRST_RETRY}, so that a gateway taking the lease
     * over runs a pass soon after. Passes asked for by the admin API always run.
     */
    public void runScheduledPassesOnlyWhile(BooleanSupplier mayRun) {
        this.gate = java.util.Objects.requireNonNull(mayRun, "mayRun");
    }

    /** One pass, then the next one: after {@code interval} if it worked, soon if it failed. */
    private void scheduledPass() {
        Duration next;
        try {
            if (!gate.getAsBoolean()) {
                // Looked at again soon: a gateway that takes the lease over runs the pass its holder owed.
                reschedule(interval.isZero() || interval.compareTo(FIRST_RETRY) > 0 ? FIRST_RETRY : interval);
                return;
            }
            reconciler.run();
            failuresInARow = 0;
            next = interval.isZero() ? null : interval;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            // An engine without listing, the catalog away, a full disk: try again soon, not an interval later.
            failedPasses.incrementAndGet();
            next = retryDelay(++failuresInARow, interval);
            LOG.warn("reconciliation failed, will retry in {} s: {}", next.toSeconds(), e.toString());
        }
        if (next != null) {
            reschedule(next);
        }
    }

    private void reschedule(Duration next) {
        try {
            schedule.schedule(this::scheduledPass, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: no next pass
        }
    }

    /**
     * The wait after the {@code failures}-th failed pass in a row: {@link #FIRST_RETRY} doubling up to
     * {@link #MAX_RETRY}, never longer than the interval (zero: there is no interval, the cap applies).
     */
    static Duration retryDelay(int failures, Duration interval) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        Duration cap = interval.isZero() || interval.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : interval;
        return delay.compareTo(cap) > 0 ? cap : delay;
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
