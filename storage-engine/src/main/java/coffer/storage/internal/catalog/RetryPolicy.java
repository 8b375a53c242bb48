package coffer.storage.internal.catalog;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * How often and how long {@link Transactions} retries (docs/cluster.md, "Retries"). A conflict (deadlock,
 * certification conflict, lock wait) is retried up to {@code conflictAttempts} times after a short exponential
 * pause with full jitter (1 ms up to 2, 4, 8 ... 64 ms), so that colliding transactions spread out; a node failure
 * up to {@code nodeAttempts} times after a longer one (50, 100, 200 ... 1,000 ms, of which a random half or more),
 * so that the pool has time to reach another node. No attempt starts once {@code budgetNanos} have passed since
 * the first began: a client waits a bounded time for its 503. Immutable.
 */
record RetryPolicy(int conflictAttempts, int nodeAttempts, long budgetNanos) {
    static final RetryPolicy DEFAULT = new RetryPolicy(20, 8, TimeUnit.SECONDS.toNanos(10));

    private static final long CONFLICT_CAP_MILLIS = 64;
    private static final long NODE_BASE_MILLIS = 50;
    private static final long NODE_CAP_MILLIS = 1_000;

    /**
     * The pause before attempt {@code failed + 1}, after attempt {@code failed} failed for {@code kind} and
     * {@code elapsedNanos} after the first attempt began; -1 when there is to be no further attempt.
     */
    long delayMillis(SqlErrors.Retry kind, int failed, long elapsedNanos) {
        int max = kind == SqlErrors.Retry.CONFLICT ? conflictAttempts : nodeAttempts;
        if (kind == SqlErrors.Retry.NO || failed >= max) {
            return -1;
        }
        long delay = kind == SqlErrors.Retry.CONFLICT
                ? ThreadLocalRandom.current().nextLong(1, cap(2, failed, CONFLICT_CAP_MILLIS) + 1)
                : halfJitter(cap(NODE_BASE_MILLIS, failed, NODE_CAP_MILLIS));
        if (elapsedNanos + TimeUnit.MILLISECONDS.toNanos(delay) >= budgetNanos) {
            return -1;
        }
        return delay;
    }

    private static long cap(long base, int failed, long cap) {
        return failed >= 20 ? cap : Math.min(cap, base << (failed - 1));
    }

    private static long halfJitter(long cap) {
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }
}
