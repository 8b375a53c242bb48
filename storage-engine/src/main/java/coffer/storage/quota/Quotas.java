package coffer.storage.quota;

import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.internal.catalog.Reservation;
import coffer.storage.internal.catalog.UsageLedger;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact quotas, reached through {@code Store.quotas()}. The protocol (docs/accounts.md, "Quotas"):
 * <ol>
 *   <li>before a request's body is read, {@link #reserve} its length: one conditional UPDATE that adds it to the
 *       account's reserved bytes only if used + reserved + length stays within the quota (else
 *       {@link QuotaExceededException}), plus a {@code reservation} row naming this gateway, with a lease;</li>
 *   <li>the transaction that publishes the data consumes the reservation: deletes the row, takes its bytes off the
 *       reserved bytes and adds the actual net size to the used bytes;</li>
 *   <li>whatever happens, the handler calls {@link #finish}: it releases the reservation if the publish did not
 *       happen (a rolled-back or never-started publish leaves the row; a committed one removed it);</li>
 *   <li>this gateway {@link #renewLeases renews} the leases of its reservations in flight; a crashed gateway's
 *       leases run out and any gateway's {@link #reapExpired reaper} gives their bytes back.</li>
 * </ol>
 * A lease that ran out while its request was still streaming is harmless: the publish then finds no reservation
 * and its growth must fit the quota at commit, decided by the same kind of conditional UPDATE.
 *
 * <p>Thread-safe: the set of reservations in flight is the only state, and concurrent.
 */
public final class Quotas {
    /**
     * Writes up to this size need no reservation: their body arrives in one segment's time, so there is nothing to
     * protect while it streams, and the publish's own quota check (growth beyond the reservation, here all of it,
     * must fit) keeps usage exact. Skipping the reservation saves a transaction, i.e. a redo-log flush.
     */
    public static final long SMALL_WRITE_BYTES = 64 * 1024;
    /** The least a stored part of an upload in progress counts in used bytes: {@link UsageLedger#MIN_PART_CHARGE}. */
    public static final long MIN_PART_CHARGE = UsageLedger.MIN_PART_CHARGE;
    private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
    private static final int REAP_BATCH = 500;

    private final QuotaCatalog catalog;
    private final Clock clock;
    private final Duration lease;
    private final String gatewayId;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * {@code lease}: how long a reservation lives unless renewed; {@code gatewayId}: this gateway instance's name
     * in the {@code reservation} table (1..64 characters, unique per process start).
     */
    public Quotas(DataSource db, Clock clock, Duration lease, String gatewayId) {
        this.catalog = new QuotaCatalog(Objects.requireNonNull(db, "db"));
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the reservation lease must be positive");
        }
        this.lease = lease;
        if (gatewayId.isEmpty() || gatewayId.length() > 64) {
            throw new IllegalArgumentException("gateway id must be 1..64 characters");
        }
        this.gatewayId = gatewayId;
    }

    /**
     * Reserves {@code bytes} for the account, or {@link Reservation#NONE} for 0 bytes (nothing to hold back: an
     * empty body cannot take usage past the quota). QUOTA_EXCEEDED if they do not fit.
     */
    public Reservation reserve(long accountId, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        if (bytes == 0) {
            return Reservation.NONE;
        }
        var now = clock.instant();
        Reservation r = catalog.reserve(accountId, bytes, gatewayId, now, now.plus(lease));
        inFlight.add(r.id());
        return r;
    }

    /**
     * Ends a reservation's life in this gateway: if {@code published} is false it is released (a no-op when the
     * publish committed after all, e.g. a commit whose outcome was unknown). Never throws: a release that fails
     * (catalog down) is left to the reaper, which frees it once its lease, no longer renewed, has run out.
     */
    public void finish(Reservation reservation, boolean published) {
        if (reservation.isNone()) {
            return;
        }
        inFlight.remove(reservation.id());
        if (published) {
            return;
        }
        try {
            catalog.release(reservation);
        } catch (RuntimeException e) {
            LOG.warn("could not release quota reservation {}; the reaper frees it after its lease: {}",
                    reservation.id(), e.toString());
        }
    }

    /** A write that reads its body and publishes, consuming the reservation it is given. */
    @FunctionalInterface
    public interface Publish<T> {
        T run(Reservation reservation) throws IOException;
    }

    /**
     * The write path's protocol in one place: takes the room {@code claim} asks for (see {@link QuotaClaim}; a
     * refusal is {@link QuotaExceededException}, before {@code publish} runs and so before any body byte is read),
     * runs {@code publish} with it, and always {@link #finish finishes} a reservation it made: consumed by the
     * publish, or released. A {@link QuotaClaim#held held} reservation is left to its caller.
     */
    public <T> T claim(QuotaClaim claim, Publish<T> publish) throws IOException {
        Reservation r = switch (claim.kind()) {
            case NONE -> Reservation.NONE;
            case HELD -> claim.held();
            case DECLARED -> claim.bytes() <= SMALL_WRITE_BYTES ? Reservation.NONE
                    : reserve(claim.accountId(), claim.bytes());
            case IF_FITS -> reserveIfFits(claim.accountId(), claim.bytes());
        };
        if (claim.kind() == QuotaClaim.Kind.HELD || r.isNone()) {
            return publish.run(r);
        }
        boolean published = false;
        try {
            T result = publish.run(r);
            published = true;
            return result;
        } finally {
            finish(r, published);
        }
    }

    private Reservation reserveIfFits(long accountId, long bytes) {
        try {
            return reserve(accountId, bytes);
        } catch (QuotaExceededException e) {
            return Reservation.NONE;
        }
    }

    /** Extends the lease of every reservation this gateway holds; returns the rows renewed. */
    public int renewLeases() {
        List<Long> ids = List.copyOf(inFlight);
        return ids.isEmpty() ? 0 : catalog.renew(gatewayId, ids, clock.instant().plus(lease));
    }

    /** Frees the reservations whose lease has run out, whichever gateway made them; returns how many. */
    public int reapExpired() {
        int total = 0;
        int freed;
        do {
            freed = catalog.reapExpired(clock.instant(), REAP_BATCH);
            total += freed;
        } while (freed == REAP_BATCH);
        return total;
    }

    /**
     * Recomputes every account's used bytes and object count from the object table, by the rule the publishing
     * transactions keep ({@link UsageLedger}), stores them and reports what it found. One short transaction per
     * account, which locks its usage row first, so a concurrent commit is either counted or applies its delta after.
     */
    public List<UsageDrift> reconcile() {
        return catalog.reconcileAll();
    }

    /** As above, for one account. */
    public UsageDrift reconcile(long accountId, String name) {
        return catalog.reconcile(accountId, name);
    }

    /** What a stored part of {@code size} plaintext bytes counts in used bytes: {@link UsageLedger#partCharge}. */
    public static long partCharge(long size) {
        return UsageLedger.partCharge(size);
    }

    /** This gateway instance's name in the {@code reservation} table. */
    public String gatewayId() {
        return gatewayId;
    }

    public Duration lease() {
        return lease;
    }

    /** Reservations this gateway holds right now. */
    public int inFlight() {
        return inFlight.size();
    }
}
