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
 */
public record MaintenanceSchedule(Duration gcInterval, Duration reconcileInterval, long reconcileRate,
                                  long scrubRate) {
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofSeconds(30);
    /** How long a replaced or deleted object's blob stays readable before the collector frees it. */
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofHours(1);
    public static final long DEFAULT_RECONCILE_RATE = 5000;
    public static final long DEFAULT_SCRUB_RATE = 50L << 20;
    public static final MaintenanceSchedule DEFAULTS = new MaintenanceSchedule(DEFAULT_GC_INTERVAL,
            DEFAULT_RECONCILE_INTERVAL, DEFAULT_RECONCILE_RATE, DEFAULT_SCRUB_RATE);

    public MaintenanceSchedule {
        Objects.requireNonNull(gcInterval, "gcInterval");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
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
