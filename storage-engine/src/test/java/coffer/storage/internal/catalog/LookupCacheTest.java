package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LookupCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final AtomicInteger loads = new AtomicInteger();
    private final LookupCache<String, String> cache = new LookupCache<>(clock, Duration.ofSeconds(2), 3);

    private Optional<String> load(String value) {
        loads.incrementAndGet();
        return Optional.ofNullable(value);
    }

    @Test
    void keepsARowForItsTimeToLiveThenReadsAgain() {
        assertEquals(Optional.of("v1"), cache.get("k", () -> load("v1")));
        clock.advance(Duration.ofMillis(1999));
        assertEquals(Optional.of("v1"), cache.get("k", () -> load("v2")));
        assertEquals(1, loads.get());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of("v2"), cache.get("k", () -> load("v2")));
        assertEquals(2, loads.get());
    }

    @Test
    void neverKeepsAMissSoThatANewRowIsSeenAtOnce() {
        assertEquals(Optional.empty(), cache.get("k", () -> load(null)));
        assertEquals(Optional.of("created"), cache.get("k", () -> load("created")));
        assertEquals(2, loads.get());
    }

    @Test
    void aRowThatIsGoneNowIsDroppedOnTheNextRead() {
        cache.get("k", () -> load("v"));
        clock.advance(Duration.ofSeconds(3));
        assertEquals(Optional.empty(), cache.get("k", () -> load(null)));
        assertEquals(0, cache.size());
    }

    @Test
    void invalidationDropsByKeyAndByValue() {
        cache.get("a", () -> load("1"));
        cache.get("b", () -> load("2"));
        cache.invalidate("a");
        assertEquals(Optional.of("1'"), cache.get("a", () -> load("1'")));
        cache.invalidateIf(v -> v.equals("2"));
        assertEquals(Optional.of("2'"), cache.get("b", () -> load("2'")));
        assertEquals(4, loads.get());
    }

    @Test
    void aLoadOverlappingAnInvalidationKeepsNothing() {
        // The row is read, then deleted and invalidated (another thread), then the read would be stored.
        assertEquals(Optional.of("stale"), cache.get("k", () -> {
            Optional<String> read = load("stale");
            cache.invalidate("k");
            return read;
        }));
        assertEquals(Optional.empty(), cache.get("k", () -> load(null)), "the stale row was not kept");
    }

    @Test
    void zeroTimeToLiveReadsEveryTime() {
        LookupCache<String, String> off = new LookupCache<>(clock, Duration.ZERO, 3);
        off.get("k", () -> load("v"));
        off.get("k", () -> load("v"));
        assertEquals(2, loads.get());
        assertEquals(0, off.size());
    }

    @Test
    void staysWithinItsSize() {
        for (int i = 0; i < 10; i++) {
            String v = "v" + i;
            cache.get("k" + i, () -> load(v));
            assertTrue(cache.size() <= 3, "size " + cache.size());
        }
    }
}
