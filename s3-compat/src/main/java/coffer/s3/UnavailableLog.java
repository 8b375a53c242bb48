package coffer.s3;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs requests that failed because the catalog is unavailable (its database down or unreachable) once per
 * {@link #QUIET} rather than once per request: during an outage every request fails the same way, and a stack
 * trace each would bury the log (an outage of 328 requests once wrote 32,700 lines). The first failure after a
 * quiet minute is logged as a WARN line without stack trace, naming the failed operation and the type of the
 * cause (never its message, which may quote a JDBC URL); later ones are counted and the count goes into the next
 * line, their details only at DEBUG. Thread-safe.
 */
final class UnavailableLog {
    static final Duration QUIET = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(UnavailableLog.class);

    private final LongSupplier nanoTime;
    private final AtomicLong nextLineAt;
    private final AtomicLong unlogged = new AtomicLong();

    public UnavailableLog() {
        this(System::nanoTime);
    }

    UnavailableLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.nextLineAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Notes one request that failed with {@code e} (a StoreException of reason UNAVAILABLE, or the blob store's
     * outage); true if this one was logged at WARN.
     */
    public boolean failed(String requestId, Exception e) {
        long now = nanoTime.getAsLong();
        long next = nextLineAt.get();
        if (now - next >= 0 && nextLineAt.compareAndSet(next, now + QUIET.toNanos())) {
            long more = unlogged.getAndSet(0);
            LOG.warn("request {}: {} ({}); requests answer 503 ServiceUnavailable while it lasts, logged at most "
                    + "once a minute{}", requestId, e.getMessage(), rootCause(e).getClass().getName(),
                    more == 0 ? "" : " (" + more + " more since the last line)");
            return true;
        }
        unlogged.incrementAndGet();
        LOG.debug("request {}: {}", requestId, e.getMessage());
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
