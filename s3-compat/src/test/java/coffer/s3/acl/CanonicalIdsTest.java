package coffer.s3.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CanonicalIdsTest {

    @Test
    void idsAreSixtyFourHexDigitsAndParseBack() {
        String id = CanonicalIds.of(42);
        assertEquals(64, id.length());
        assertEquals("000000000000000000000000000000000000000000000000000000000000002a", id);
        assertEquals(OptionalLong.of(42), CanonicalIds.parse(id));
        assertEquals(OptionalLong.of(42), CanonicalIds.parse(id.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), CanonicalIds.parse(CanonicalIds.of(Long.MAX_VALUE)));
    }

    @Test
    void anythingCofferCannotHaveIssuedIsNoId() {
        assertTrue(CanonicalIds.parse("_foo").isEmpty());
        assertTrue(CanonicalIds.parse(null).isEmpty());
        assertTrue(CanonicalIds.parse("2a").isEmpty());
        assertTrue(CanonicalIds.parse("1" + "0".repeat(63)).isEmpty(), "high digits set");
        assertTrue(CanonicalIds.parse("0".repeat(48) + "ffffffffffffffff").isEmpty(), "beyond a long");
        assertTrue(CanonicalIds.parse("0".repeat(64)).isEmpty(), "account 0");
        assertTrue(CanonicalIds.parse("0".repeat(63) + "g").isEmpty());
    }
}
