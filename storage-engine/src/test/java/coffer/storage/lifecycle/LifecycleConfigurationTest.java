package coffer.storage.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored form round-trips every field; days round up to the next boundary; filters and the header's pick. */
class LifecycleConfigurationTest {
    @Test
    void encodeDecodeKeepsEveryField() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("b key=", "v\nalue:1%");
        tags.put("a", "");
        LifecycleConfiguration c = new LifecycleConfiguration(List.of(
                new LifecycleRule("r\n1 é", true, new LifecycleFilter(LifecycleFilter.Form.AND, "p/ =x", tags, 10L,
                        20L), 3, null, null, 4, 2, 5),
                new LifecycleRule("r2", false, new LifecycleFilter(LifecycleFilter.Form.LEGACY_PREFIX, "", Map.of(),
                        null, null), null, Instant.parse("2030-01-01T00:00:00Z"), null, null, null, null),
                new LifecycleRule("r3", true, LifecycleFilter.ALL, null, null, Boolean.FALSE, null, null, null)));
        LifecycleConfiguration back = LifecycleConfiguration.decode(c.encode());
        assertEquals(c, back);
        assertEquals(List.of("b key=", "a"), List.copyOf(back.rules().get(0).filter().tags().keySet()));
    }

    @Test
    void daysRoundUpToTheNextBoundary() {
        Instant t = Instant.parse("2026-12-08T03:30:00Z");
        assertEquals(Instant.parse("2026-12-10T00:00:00Z"), LifecycleDays.after(t, 1, LifecycleDays.DAY));
        assertEquals(Instant.parse("2026-12-09T00:00:00Z"),
                LifecycleDays.after(Instant.parse("2026-12-08T00:00:00Z"), 1, LifecycleDays.DAY));
        assertEquals(Instant.ofEpochSecond(30), LifecycleDays.after(Instant.ofEpochSecond(11), 1,
                Duration.ofSeconds(10)));
    }

    @Test
    void filtersAndTheEarliestExpiry() {
        LifecycleFilter f = new LifecycleFilter(LifecycleFilter.Form.AND, "logs/", Map.of("k", "v"), 10L, 100L);
        assertTrue(f.matches("logs/a", 50, Map.of("k", "v", "other", "x")));
        assertFalse(f.matches("logs/a", 10, Map.of("k", "v")));
        assertFalse(f.matches("logs/a", 100, Map.of("k", "v")));
        assertFalse(f.matches("logs/a", 50, Map.of("k", "w")));
        assertFalse(f.matches("log/a", 50, Map.of("k", "v")));
        LifecycleConfiguration c = new LifecycleConfiguration(List.of(
                new LifecycleRule("late", true, LifecycleFilter.ALL, 30, null, null, null, null, null),
                new LifecycleRule("off", false, LifecycleFilter.ALL, 1, null, null, null, null, null),
                new LifecycleRule("soon", true, LifecycleFilter.ALL, 2, null, null, null, null, null)));
        Instant created = Instant.parse("2026-12-08T03:30:00Z");
        assertEquals(new LifecycleConfiguration.Expiry(Instant.parse("2026-12-11T00:00:00Z"), "soon"),
                c.currentExpiry("k", 1, Map.of(), created, LifecycleDays.DAY).orElseThrow());
    }
}
