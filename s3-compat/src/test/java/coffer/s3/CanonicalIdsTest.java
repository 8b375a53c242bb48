package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalIdsTest {
    private final CanonicalIds ids = new CanonicalIds(new MapDirectory(Map.of(42L, "a@example.com")));

    @Test
    void anAccountsIdIsWhatTheDirectoryHoldsNotItsNumber() {
        String id = ids.of(42);
        assertEquals(MapDirectory.idOf(42), id);
        assertTrue(CanonicalIds.isWellFormed(id));
        assertFalse(id.endsWith("2a"), "the sequential id must not show");
        assertThrows(IllegalStateException.class, () -> ids.of(43));
    }

    @Test
    void wellFormedIdsAreSixtyFourHexDigitsCompareLowercase() {
        assertTrue(CanonicalIds.isWellFormed("a".repeat(64)));
        assertTrue(CanonicalIds.isWellFormed("A".repeat(64)));
        assertFalse(CanonicalIds.isWellFormed("a".repeat(63)));
        assertFalse(CanonicalIds.isWellFormed("g".repeat(64)));
        assertFalse(CanonicalIds.isWellFormed("_foo"));
        assertFalse(CanonicalIds.isWellFormed(null));
        assertEquals("a".repeat(64), CanonicalIds.normalize(" " + "A".repeat(64) + " "));
        assertEquals(ids.of(42), CanonicalIds.normalize(ids.of(42).toUpperCase(Locale.ROOT)));
    }
}
