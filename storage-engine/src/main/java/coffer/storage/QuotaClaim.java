package coffer.storage;

import coffer.storage.internal.catalog.Reservation;
import coffer.storage.quota.Quotas;
import java.util.Objects;

/**
 * How a write takes room in its account's quota, carried by the write's request and decided by the engine
 * ({@link Quotas#claim}) before the body is read:
 * <ul>
 *   <li>{@link #NONE}: no reservation; the publish's growth must fit the quota at commit;</li>
 *   <li>{@link #declared}: the body's declared length is reserved first (QUOTA_EXCEEDED if it does not fit, before
 *       a byte is read), except for a small write ({@link Quotas#SMALL_WRITE_BYTES} or less), which is checked at
 *       commit only;</li>
 *   <li>{@link #ifFits}: a bound of the body's size is reserved if it fits, else the write goes unreserved (a POST
 *       form's file, whose size is known at its end only);</li>
 *   <li>{@link #held}: a reservation the caller made and ends itself (tests of the protocol).</li>
 * </ul>
 */
public record QuotaClaim(Kind kind, long accountId, long bytes, Reservation held) {
    /** What the engine does with the claim. */
    public enum Kind { NONE, DECLARED, IF_FITS, HELD }

    public static final QuotaClaim NONE = new QuotaClaim(Kind.NONE, 0, 0, Reservation.NONE);

    public QuotaClaim {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(held, "held");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
    }

    /** Reserves {@code bytes} (the body's declared length) unless the write is small. */
    public static QuotaClaim declared(long accountId, long bytes) {
        return new QuotaClaim(Kind.DECLARED, accountId, bytes, Reservation.NONE);
    }

    /** Reserves {@code bytes} (a bound of the body's size) if they fit, else nothing. */
    public static QuotaClaim ifFits(long accountId, long bytes) {
        return new QuotaClaim(Kind.IF_FITS, accountId, bytes, Reservation.NONE);
    }

    /** Publishes consuming {@code reservation}, which its caller made and {@link Quotas#finish finishes}. */
    public static QuotaClaim held(Reservation reservation) {
        return new QuotaClaim(Kind.HELD, 0, 0, reservation);
    }
}
