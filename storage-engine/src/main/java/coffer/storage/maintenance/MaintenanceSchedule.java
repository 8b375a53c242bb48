package coffer.storage.maintenance;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how fast the engine's background work runs ({@link Maintenance}; docs/configuration.md,
 * docs/durability.md). The defaults here are the gateway's defaults.
 *
 * @param gcInterval        pause between garbage-collection rounds (each round frees every blob that is due)
 * @param reconcileInterval time between reconciliation passes (one always runs shortly after start); zero: only
 *                          that one
 * @param reconcileRate     blobs and catalog rows a reconciliation pass looks at per second (0: no limit)
 * @param scrubRate         plaintext bytes per second a scrub decrypts (0: no limit)
 * @param leaseDuration     how long the background-work lease lasts unless renewed ({@link BackgroundLease})
 * @param lifecycleDay      the length of a lifecycle day (a real day; tests shorten it): rules count days of it, and
 *                          the lifecycle worker runs every {@link #lifecycleInterval()}
 */
public record MaintenanceSchedule(Duration gcInterval, Duration reconcileInterval, long reconcileRate,
                                  long scrubRate, Duration leaseDuration, Duration lifecycleDay) {
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofSeconds(30);
    /** How long a replaced or deleted object's blob stays readable before the collector frees it. */
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofHours(1);
    public static final long DEFAULT_RECONCILE_RATE = 5000;
    public static final long DEFAULT_SCRUB_RATE = 50L << 20;
    /** A real day. */
    public static final Duration DEFAULT_LIFECYCLE_DAY = Duration.ofDays(1);
    public static final MaintenanceSchedule DEFAULTS = new MaintenanceSchedule(DEFAULT_GC_INTERVAL,
            DEFAULT_RECONCILE_INTERVAL, DEFAULT_RECONCILE_RATE, DEFAULT_SCRUB_RATE);

    /** With the default lease ({@link BackgroundLease#DEFAULT_DURATION}). */
    public MaintenanceSchedule(Duration gcInterval, Duration reconcileInterval, long reconcileRate, long scrubRate) {
        this(gcInterval, reconcileInterval, reconcileRate, scrubRate, BackgroundLease.DEFAULT_DURATION);
    }

    /** With a real lifecycle day. */
    public MaintenanceSchedule(Duration gcInterval, Duration reconcileInterval, long reconcileRate, long scrubRate,
                               Duration leaseDuration) {
        this(gcInterval, reconcileInterval, reconcileRate, scrubRate, leaseDuration, DEFAULT_LIFECYCLE_DAY);
    }

    /** The same with another lease duration (tests use short ones). */
    public MaintenanceSchedule withLeaseDuration(Duration duration) {
        return new MaintenanceSchedule(gcInterval, reconcileInterval, reconcileRate, scrubRate, duration,
                lifecycleDay);
    }

    /** The same with another lifecycle day ({@code --lifecycle-day-seconds}). */
    public MaintenanceSchedule withLifecycleDay(Duration day) {
        return new MaintenanceSchedule(gcInterval, reconcileInterval, reconcileRate, scrubRate, leaseDuration, day);
    }

    /** How often the lifecycle worker runs a round: a 24th of a lifecycle day, at least a second (one hour). */
    public Duration lifecycleInterval() {
        Duration interval = lifecycleDay.dividedBy(24);
        return interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
    }

    public MaintenanceSchedule {
        Objects.requireNonNull(gcInterval, "gcInterval");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(lifecycleDay, "lifecycleDay");
        if (lifecycleDay.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a lifecycle day must last at least a second");
        }
        if (leaseDuration.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("the background-work lease must last at least 100 ms");
        }
        if (gcInterval.isNegative() || gcInterval.isZero()) {
            throw new IllegalArgumentException("the garbage collection interval must be positive");
        }
        if (reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("the reconciliation interval must not be negative");
        }
        if (reconcileRate < 0 || scrubRate < 0) {
            throw new IllegalArgumentException("the reconciliation and scrub rates must not be negative");
        }
    }
}
