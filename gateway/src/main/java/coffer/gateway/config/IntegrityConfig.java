package coffer.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Self-healing settings (docs/configuration.md, docs/durability.md).
 *
 * @param minFreeBytes      free space the blob file system keeps: a write that would leave less is refused with
 *                          507 InsufficientStorage
 * @param reconcileInterval time between reconciliation passes (one always runs at start); zero: only at start
 * @param reconcileRate     blobs and catalog rows a reconciliation pass looks at per second (0: no limit)
 * @param scrubRate         plaintext bytes per second the scrub decrypts (0: no limit)
 */
public record IntegrityConfig(long minFreeBytes, Duration reconcileInterval, long reconcileRate, long scrubRate) {
    public static final IntegrityConfig DEFAULTS = new IntegrityConfig(64L << 20, Duration.ofHours(1), 5000,
            50L << 20);

    public IntegrityConfig {
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("--min-free-space must not be negative");
        }
        if (reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("--reconcile-interval must not be negative");
        }
        if (reconcileRate < 0 || scrubRate < 0) {
            throw new IllegalArgumentException("--reconcile-rate and --scrub-rate must not be negative");
        }
    }
}
