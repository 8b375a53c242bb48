package coffer.gateway.admin;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes with units, as the admin CLI and API accept them: plain bytes ({@code 1048576}, {@code 10B}), decimal
 * {@code KB MB GB TB PB} (powers of 1000) and binary {@code KiB MiB GiB TiB PiB} (powers of 1024), units in any
 * case, an optional space, and a fraction when the result is a whole number of bytes ({@code 1.5GiB}). Anything
 * else, a negative size or one beyond a long, is refused. Stateless.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kb", 1000L), Map.entry("mb", 1000L * 1000), Map.entry("gb", 1000L * 1000 * 1000),
            Map.entry("tb", 1000L * 1000 * 1000 * 1000), Map.entry("pb", 1000L * 1000 * 1000 * 1000 * 1000),
            Map.entry("kib", 1L << 10), Map.entry("mib", 1L << 20), Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40), Map.entry("pib", 1L << 50));
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {
    }

    /** IllegalArgumentException naming what is wrong. */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("size is missing");
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 500MB, 100GiB, 1TiB, 1048576)");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown unit '" + m.group(2)
                    + "' (use B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB or PiB)");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(bytes.stripTrailingZeros().scale() > 0
                    ? "size '" + text + "' is not a whole number of bytes" : "size '" + text + "' is too large");
        }
    }

    /** The largest binary unit that divides the size exactly: {@code 100 GiB}, {@code 1500 B}. */
    public static String format(long bytes) {
        int unit = 0;
        long value = bytes;
        while (unit < BINARY.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + BINARY[unit];
    }
}
