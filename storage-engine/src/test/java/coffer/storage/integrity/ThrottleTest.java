package coffer.storage.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private long now = 1_000;
    private final List<Long> sleeps = new ArrayList<>();

    private Throttle throttle(long rate) {
        return new Throttle(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void sleepsUntilTheAverageRateHolds() throws InterruptedException {
        Throttle t = throttle(1000);
        t.acquire(500);
        assertEquals(List.of(500_000_000L), sleeps);
        now += 2_000_000_000L; // the caller was slow for two seconds: that time is credit
        t.acquire(1500);
        assertEquals(1, sleeps.size());
        t.acquire(1000);
        assertEquals(List.of(500_000_000L, 500_000_000L), sleeps);
    }

    @Test
    void tinyPausesAreSavedUpAndZeroMeansNoLimit() throws InterruptedException {
        Throttle t = throttle(1_000_000);
        for (int i = 0; i < 4; i++) {
            t.acquire(1000); // 1 ms each: below the least sleep
        }
        assertEquals(List.of(), sleeps);
        t.acquire(1000);
        assertEquals(List.of(5_000_000L), sleeps);

        Throttle unlimited = throttle(0);
        unlimited.acquire(Long.MAX_VALUE / 2);
        assertEquals(1, sleeps.size());
        assertThrows(IllegalArgumentException.class, () -> throttle(-1));
    }

    @Test
    void hugeCountsDoNotOverflow() throws InterruptedException {
        Throttle t = throttle(3);
        t.acquire(3L * 1_000_000_000L);
        assertEquals(List.of(1_000_000_000L * 1_000_000_000L), sleeps);
    }
}
