package coffer.storage.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * Lifecycle day arithmetic as AWS does it: "N days after" a time is that time plus N days, rounded up to the next
 * day boundary (midnight UTC for real days). With a shortened day ({@code --lifecycle-day-seconds}) the boundaries
 * are the multiples of the day length since the epoch, so the same rule holds at any scale.
 */
public final class LifecycleDays {
    /** A real day. */
    public static final Duration DAY = Duration.ofDays(1);

    private LifecycleDays() {
    }

    /** {@code start} plus {@code days} days of length {@code day}, rounded up to the next day boundary. */
    public static Instant after(Instant start, long days, Duration day) {
        long d = day.toMillis();
        long t = Math.addExact(start.toEpochMilli(), Math.multiplyExact(days, d));
        long rounded = Math.floorDiv(t, d) * d;
        return Instant.ofEpochMilli(rounded == t ? t : rounded + d);
    }
}
