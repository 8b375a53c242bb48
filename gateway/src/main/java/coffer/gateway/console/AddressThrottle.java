package coffer.gateway.console;

import coffer.gateway.config.ConsoleConfig.SignInLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per client address (the TCP peer; forwarded-for headers are not trusted), in memory of this
 * gateway: once {@link SignInLimits#perAddress()} failures fall within the window begun by the first of them, every
 * sign-in from that address is refused until the window ends. Holds at most {@link #MAX_ADDRESSES} addresses
 * (expired windows are dropped first, then the map is cleared: a flood of addresses cannot exhaust memory, it can
 * only forget). The per-account counters live in the catalog ({@link ConsoleUsers}). Thread-safe.
 */
final class AddressThrottle {
    static final int MAX_ADDRESSES = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final SignInLimits limits;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    AddressThrottle(SignInLimits limits) {
        this.limits = limits;
    }

    /** Seconds until {@code address} may sign in again, or 0 when it may now. */
    long blockedFor(String address, Instant now) {
        Window w = windows.get(address);
        if (w == null || w.failures() < limits.perAddress()) {
            return 0;
        }
        return secondsLeft(w.start(), now, limits.window());
    }

    void failed(String address, Instant now) {
        if (windows.size() >= MAX_ADDRESSES) {
            prune(now);
        }
        windows.compute(address, (a, w) -> w == null || !w.start().plus(limits.window()).isAfter(now)
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }

    /** Seconds left in a window begun at {@code start}, at least 1 while it lasts, 0 once over. */
    static long secondsLeft(Instant start, Instant now, Duration window) {
        Duration left = Duration.between(now, start.plus(window));
        return left.isNegative() || left.isZero() ? 0 : Math.max(1, (left.toMillis() + 999) / 1000);
    }

    private void prune(Instant now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (!it.next().start().plus(limits.window()).isAfter(now)) {
                it.remove();
            }
        }
        if (windows.size() >= MAX_ADDRESSES) {
            windows.clear();
        }
    }
}
