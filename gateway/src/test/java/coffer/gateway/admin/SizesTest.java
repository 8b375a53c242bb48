package coffer.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void binaryUnits() {
        assertEquals(107_374_182_400L, Sizes.parse("100GiB"));
        assertEquals(1_099_511_627_776L, Sizes.parse("1TiB"));
        assertEquals(1024L, Sizes.parse("1KiB"));
        assertEquals(5L * 1024 * 1024, Sizes.parse("5 MiB"));
        assertEquals(1L << 50, Sizes.parse("1PiB"));
    }

    @Test
    void decimalUnits() {
        assertEquals(500_000_000L, Sizes.parse("500MB"));
        assertEquals(2_000_000_000_000L, Sizes.parse("2TB"));
        assertEquals(1000L, Sizes.parse("1kb"));
        assertEquals(3_000_000_000L, Sizes.parse("3GB"));
    }

    @Test
    void plainBytesAndCaseAndFractions() {
        assertEquals(0L, Sizes.parse("0"));
        assertEquals(1_048_576L, Sizes.parse("1048576"));
        assertEquals(10L, Sizes.parse("10B"));
        assertEquals(107_374_182_400L, Sizes.parse("100gib"));
        assertEquals(1_610_612_736L, Sizes.parse("1.5GiB"));
        assertEquals(100L, Sizes.parse("0.1KB"));
        assertEquals(Long.MAX_VALUE, Sizes.parse(Long.toString(Long.MAX_VALUE)));
    }

    @Test
    void refusals() {
        for (String bad : new String[] {"", "GiB", "-1", "1.5", "10 XB", "1K", "1e3", "0.3B", "8EiB", "1 0MB",
                "9223372036854775808"}) {
            assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sizes.parse("0.3B")).getMessage()
                .contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9999999PiB")).getMessage()
                .contains("too large"));
    }

    @Test
    void formatPicksTheLargestExactBinaryUnit() {
        assertEquals("100 GiB", Sizes.format(107_374_182_400L));
        assertEquals("1 TiB", Sizes.format(1_099_511_627_776L));
        assertEquals("1500 B", Sizes.format(1500));
        assertEquals("0 B", Sizes.format(0));
        assertEquals("1536 KiB", Sizes.format(1536 * 1024));
    }
}
