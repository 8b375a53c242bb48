package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The gateway id: short, printable, no spaces; each start is its own instance. */
class GatewayIdentityTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void eachStartOfOneNameIsItsOwnInstance() {
        GatewayIdentity first = GatewayIdentity.start("gw-a:9000", random);
        GatewayIdentity second = GatewayIdentity.start("gw-a:9000", random);
        assertEquals("gw-a:9000", first.name());
        assertTrue(first.instance().matches("gw-a:9000/[0-9a-f]{8}"), first.instance());
        assertNotEquals(first.instance(), second.instance());
        String longest = "x".repeat(GatewayIdentity.MAX_NAME);
        assertTrue(GatewayIdentity.start(longest, random).instance().length() <= 64, "fits the catalog columns");
    }

    @Test
    void namesAreShortPrintableAndWithoutSpaces() {
        assertTrue(GatewayIdentity.isValidName("host-1.example:9000"));
        assertFalse(GatewayIdentity.isValidName(""));
        assertFalse(GatewayIdentity.isValidName("a b"));
        assertFalse(GatewayIdentity.isValidName("tab\there"));
        assertFalse(GatewayIdentity.isValidName("caf\u00e9"));
        assertFalse(GatewayIdentity.isValidName("x".repeat(GatewayIdentity.MAX_NAME + 1)));
        assertThrows(IllegalArgumentException.class, () -> GatewayIdentity.start("a b", random));
    }
}
