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
 */
public record MaintenanceSchedule(Duration gcInterval, Duration reconcileInterval, long reconcileRate,
                                  long scrubRate, Duration leaseDuration) {
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofSeconds(30);
    /** How long a replaced or deleted object's blob stays readable before the collector frees it. */
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofHours(1);
    public static final long DEFAULT_RECONCILE_RATE = 5000;
    public static final long DEFAULT_SCRUB_RATE = 50L << 20;
    public static final MaintenanceSchedule DEFAULTS = new MaintenanceSchedule(DEFAULT_GC_INTERVAL,
            DEFAULT_RECONCILE_INTERVAL, DEFAULT_RECONCILE_RATE, DEFAULT_SCRUB_RATE);

    /** With the default lease ({@link BackgroundLease#DEFAULT_DURATION}). */
    public MaintenanceSchedule(Duration gcInterval, Duration reconcileInterval, long reconcileRate, long scrubRate) {
        this(gcInterval, reconcileInterval, reconcileRate, scrubRate, BackgroundLease.DEFAULT_DURATION);
    }

    /** The same with another lease duration (tests use short ones). */
    public MaintenanceSchedule withLeaseDuration(Duration duration) {
        return new MaintenanceSchedule(gcInterval, reconcileInterval, reconcileRate, scrubRate, duration);
    }

    public MaintenanceSchedule {
        Objects.requireNonNull(gcInterval, "gcInterval");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
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
