package coffer.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Request ids: a random per-process prefix and a counter, 16 upper-case hex characters like AWS's. Thread-safe. */
final class RequestIds implements Supplier<String> {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds(SecureRandom random) {
        byte[] b = new byte[3];
        random.nextBytes(b);
        this.prefix = HexFormat.of().withUpperCase().formatHex(b);
    }

    @Override
    public String get() {
        return prefix + String.format("%010X", counter.incrementAndGet() & 0xFF_FFFF_FFFFL);
    }
}
