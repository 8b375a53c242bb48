package coffer.storage.maintenance;

import coffer.storage.internal.catalog.LeaseCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease that lets exactly one gateway of a cluster run the background work (docs/operations.md, "Background
 * work on one gateway"): a row in the catalog ({@link LeaseCatalog}), taken and renewed with compare-and-set
 * statements on the database's clock. Its thread ({@code coffer-lease}) tries every {@code duration / 4}: to take
 * the lease when nobody holds it or its holder's ran out, to renew it while this gateway holds it.
 *
 * <p>Fencing: a renewal sent at local time {@code t0} (monotonic) that succeeds leaves the row's expiry at least
 * {@code duration} after {@code t0}, and no other gateway takes the lease before the database's clock passes that
 * expiry. This gateway counts itself the holder only until {@code t0 + 3/4 duration} ({@link #held}): a holder that
 * cannot renew (the database away, the process stalled) stops starting jobs a quarter of a lease before anyone
 * else may start theirs; jobs check {@link #held} between batches ({@link #runIfHeld}). A clean stop releases the
 * lease, so another gateway takes it at its next try. Thread-safe.
 */
public final class BackgroundLease implements AutoCloseable {
    /** The lease of all background work today (one row; per-job leases would be more rows of the same table). */
    public static final String MAINTENANCE = "maintenance";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLease.class);
    private static final int HISTORY = 100;

    /**
     * What the catalog says and what this gateway believes.
     *
     * @param holder   the instance holding the lease now, by the database's clock; empty when nobody does
     * @param epoch    the lease's take-over count (grows by one at each take-over)
     * @param expires  when the holder's lease runs out unless renewed (the database's clock)
     * @param instance this gateway's instance name
     * @param heldHere whether this gateway counts itself the holder now ({@link #held})
     * @param jobRuns  background job rounds this gateway has run under the lease since it started
     */
    public record Status(Optional<String> holder, long epoch, Instant expires, String instance, boolean heldHere,
                         long jobRuns) {
    }

    /** A stretch of monotonic time ({@link System#nanoTime}) during which this gateway counted itself holder. */
    record Held(long epoch, long fromNanos, long untilNanos) {
    }

    private final LeaseCatalog catalog;
    private final String instance;
    private final Duration duration;
    private final Runnable onAcquired;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService thread;
    private final AtomicLong jobRuns = new AtomicLong();
    private final List<Held> history = new ArrayList<>();
    private volatile boolean holding;
    private volatile long epoch;
    private volatile long deadline;
    private long heldFrom;
    private boolean warned;

    private BackgroundLease(LeaseCatalog catalog, String instance, Duration duration, Runnable onAcquired,
                            LongSupplier nanoTime) {
        this.catalog = catalog;
        this.instance = instance;
        this.duration = duration;
        this.onAcquired = onAcquired;
        this.nanoTime = nanoTime;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts trying to take the lease for {@code instance} at once; {@code onAcquired} runs on the lease's thread
     * each time this gateway takes it (it must not block).
     */
    public static BackgroundLease start(LeaseCatalog catalog, String instance, Duration duration,
                                        Runnable onAcquired) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(onAcquired, "onAcquired");
        if (duration.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("a lease must last at least 100 ms");
        }
        BackgroundLease lease = new BackgroundLease(catalog, instance, duration, onAcquired, System::nanoTime);
        long period = Math.max(1, duration.toNanos() / 4);
        lease.thread.scheduleWithFixedDelay(lease::tick, 0, period, TimeUnit.NANOSECONDS);
        return lease;
    }

    /** Whether this gateway holds the lease now and may start (or continue) background work. */
    public boolean held() {
        return holding && nanoTime.getAsLong() - deadline < 0;
    }

    /** Runs {@code job} if this gateway holds the lease; whether it ran. */
    public boolean runIfHeld(Runnable job) {
        if (!held()) {
            return false;
        }
        jobRuns.incrementAndGet();
        job.run();
        return true;
    }

    /** Job rounds run under the lease on this gateway since start. */
    public long jobRuns() {
        return jobRuns.get();
    }

    public Duration duration() {
        return duration;
    }

    public String instance() {
        return instance;
    }

    /** The catalog's view (one query) and this gateway's. */
    public Status status() {
        LeaseCatalog.LeaseRow row = catalog.read();
        return new Status(row.liveHolder(), row.epoch(), row.expires(), instance, held(), jobRuns.get());
    }

    private synchronized void tick() {
        long t0 = nanoTime.getAsLong();
        try {
            if (holding) {
                if (catalog.renew(instance, epoch, duration)) {
                    deadline = t0 + safeNanos();
                    warned = false;
                } else {
                    lost("its lease ran out or another gateway took it over");
                }
            } else {
                OptionalLong taken = catalog.acquire(instance, duration);
                if (taken.isPresent()) {
                    epoch = taken.getAsLong();
                    deadline = t0 + safeNanos();
                    heldFrom = nanoTime.getAsLong();
                    holding = true;
                    warned = false;
                    LOG.info("{} holds the background-work lease (epoch {}, {} s)", instance, epoch,
                            duration.toMillis() / 1000.0);
                    onAcquired.run();
                }
            }
        } catch (RuntimeException e) {
            if (holding && !held()) {
                lost("it could not be renewed in time: " + e);
            } else if (!warned) {
                warned = true;
                LOG.warn("background-work lease: {} (will retry)", e.toString());
            }
        }
    }

    /** Three quarters of a lease: the quarter left is the time jobs have to stop before another holder starts. */
    private long safeNanos() {
        return duration.toNanos() - duration.toNanos() / 4;
    }

    private void lost(String why) {
        long now = nanoTime.getAsLong();
        record(Math.min(now, deadline));
        holding = false;
        LOG.warn("{} no longer holds the background-work lease (epoch {}): {}; its background jobs stop", instance,
                epoch, why);
    }

    private void record(long until) {
        synchronized (history) {
            if (history.size() == HISTORY) {
                history.remove(0);
            }
            history.add(new Held(epoch, heldFrom, until));
        }
    }

    /** The stretches this gateway held the lease, oldest first, the current one included (tests). */
    List<Held> history() {
        synchronized (history) {
            List<Held> all = new ArrayList<>(history);
            if (holding) {
                all.add(new Held(epoch, heldFrom, deadline));
            }
            return all;
        }
    }

    /** Stops renewing without releasing, as a process that died would (tests). */
    void abandon() {
        thread.shutdownNow();
        awaitStop();
    }

    /** Stops trying and renewing, and releases the lease if held. */
    @Override
    public void close() {
        thread.shutdownNow();
        awaitStop();
        synchronized (this) {
            if (holding) {
                try {
                    catalog.release(instance, epoch);
                } catch (RuntimeException e) {
                    LOG.warn("could not release the background-work lease, it runs out by itself: {}", e.toString());
                }
                record(Math.min(nanoTime.getAsLong(), deadline));
                holding = false;
            }
        }
    }

    private void awaitStop() {
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
