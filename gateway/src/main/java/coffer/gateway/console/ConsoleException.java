package coffer.gateway.console;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console API refusal: HTTP status, a stable code, a message for people, and the request field at fault. Messages
 * are fixed or built from our own values, never from a password, a token or the request body.
 */
final class ConsoleException extends RuntimeException {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleException.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicLong LAST_CATALOG_WARNING = new AtomicLong();

    private final int status;
    private final String code;
    private final String field;
    private final long retryAfterSeconds;

    ConsoleException(int status, String code, String message, String field) {
        this(status, code, message, field, -1);
    }

    private ConsoleException(int status, String code, String message, String field, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ConsoleException badField(String code, String field, String message) {
        return new ConsoleException(400, code, message, field);
    }

    static ConsoleException noSession() {
        return new ConsoleException(401, "NoSession", "sign in first", null);
    }

    static ConsoleException busy() {
        return new ConsoleException(503, "ServiceUnavailable", "the console is busy; please try again", null);
    }

    static ConsoleException unavailable() {
        return new ConsoleException(503, "ServiceUnavailable", "the service is temporarily unavailable", null);
    }

    /**
     * A catalog statement of the console failed: 503, and one WARN line a minute for operators with the driver's
     * SQL state and error code only (a driver's message can quote the values of a statement, such as an e-mail).
     */
    static ConsoleException unavailable(SQLException cause) {
        long now = System.nanoTime();
        long last = LAST_CATALOG_WARNING.get();
        if ((last == 0 || now - last >= WARNING_INTERVAL_NANOS) && LAST_CATALOG_WARNING.compareAndSet(last, now)) {
            LOG.warn("console: a catalog statement failed (SQL state {}, error {}); answering 503 (at most one such"
                    + " line a minute)", cause.getSQLState(), cause.getErrorCode());
        }
        return unavailable();
    }

    static ConsoleException throttled(long retryAfterSeconds) {
        return new ConsoleException(429, "TooManySignIns",
                "too many failed sign-ins; try again in " + Math.max(1, (retryAfterSeconds + 59) / 60) + " minutes",
                null, Math.max(1, retryAfterSeconds));
    }

    /** Too many wrong share-link passwords (per link or per address): 429 with Retry-After. */
    static ConsoleException tooManyAttempts(long retryAfterSeconds) {
        return new ConsoleException(429, "TooManyAttempts",
                "too many wrong passwords; try again in " + Math.max(1, (retryAfterSeconds + 59) / 60) + " minutes",
                null, Math.max(1, retryAfterSeconds));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }

    /** Seconds for a {@code Retry-After} header, or -1 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
