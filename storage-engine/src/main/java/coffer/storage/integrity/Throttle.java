package coffer.storage.integrity;

import java.util.function.LongSupplier;

/**
 * Paces a background walk to at most {@code unitsPerSecond} (bytes, files, rows) on average, so that it never
 * starves the gateway: {@link #acquire} sleeps whenever the walk is ahead of its rate. A rate of 0 means no limit.
 * One instance per walk; not thread-safe.
 */
final class Throttle {
    /** How the throttle waits; tests record instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** A pause shorter than this is saved up, so that small units do not cost a sleep each. */
    private static final long MIN_SLEEP_NANOS = 5_000_000L;

    private final long unitsPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final long start;
    private long units;

    Throttle(long unitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (unitsPerSecond < 0) {
            throw new IllegalArgumentException("a rate must not be negative");
        }
        this.unitsPerSecond = unitsPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.start = nanoTime.getAsLong();
    }

    /** On the system's monotonic clock, sleeping for real. */
    static Throttle of(long unitsPerSecond) {
        return new Throttle(unitsPerSecond, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Counts {@code n} more units, then waits until the average rate is back within the limit. */
    void acquire(long n) throws InterruptedException {
        units += n;
        if (unitsPerSecond == 0) {
            return;
        }
        // Whole seconds and the remainder apart, so that large unit counts cannot overflow.
        long due = units / unitsPerSecond * NANOS_PER_SECOND
                + units % unitsPerSecond * NANOS_PER_SECOND / unitsPerSecond;
        long ahead = due - (nanoTime.getAsLong() - start);
        if (ahead >= MIN_SLEEP_NANOS) {
            sleeper.sleep(ahead);
        }
    }
}
