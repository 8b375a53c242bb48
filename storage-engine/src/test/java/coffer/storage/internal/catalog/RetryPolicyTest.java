package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final long BUDGET = TimeUnit.SECONDS.toNanos(10);
    private final RetryPolicy policy = new RetryPolicy(5, 3, BUDGET);

    @RepeatedTest(20)
    void conflictsBackOffExponentiallyWithFullJitter() {
        for (int failed = 1; failed < 5; failed++) {
            long delay = policy.delayMillis(SqlErrors.Retry.CONFLICT, failed, 0);
            long cap = Math.min(64, 2L << (failed - 1));
            assertTrue(delay >= 1 && delay <= cap, "pause " + delay + " after " + failed + " within 1.." + cap);
        }
    }

    @RepeatedTest(20)
    void nodeFailuresWaitLongerSoThatThePoolCanReachAnotherNode() {
        for (int failed = 1; failed < 3; failed++) {
            long delay = policy.delayMillis(SqlErrors.Retry.NODE, failed, 0);
            long cap = Math.min(1_000, 50L << (failed - 1));
            assertTrue(delay >= cap / 2 && delay <= cap, "pause " + delay + " after " + failed);
        }
    }

    @Test
    void attemptsAndTimeAreBounded() {
        assertEquals(-1, policy.delayMillis(SqlErrors.Retry.CONFLICT, 5, 0));
        assertEquals(-1, policy.delayMillis(SqlErrors.Retry.NODE, 3, 0));
        assertEquals(-1, policy.delayMillis(SqlErrors.Retry.NO, 1, 0));
        assertEquals(-1, policy.delayMillis(SqlErrors.Retry.NODE, 1, BUDGET - 1));
        assertEquals(-1, RetryPolicy.DEFAULT.delayMillis(SqlErrors.Retry.CONFLICT, 20, 0));
        assertTrue(RetryPolicy.DEFAULT.delayMillis(SqlErrors.Retry.CONFLICT, 19, 0) >= 1);
    }
}
