package coffer.storage.quota;

import coffer.storage.QuotaExceededException;
import coffer.storage.internal.catalog.Reservation;
import coffer.storage.internal.catalog.Transactions;
import coffer.storage.internal.catalog.UsageLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The catalog side of quotas: reservations (see {@link UsageLedger} for the rule they keep) and the
 * reconciliation of usage. Each method is one short transaction (reconciliation: one per account); the publishing
 * transactions consume reservations themselves. Thread-safe and stateless apart from its collaborators.
 */
final class QuotaCatalog {
    /** Renewals go out in statements of at most this many ids. */
    private static final int RENEW_BATCH = 500;

    private final Transactions tx;
    private final UsageLedger ledger = new UsageLedger();
    private final ReservationDao reservations = new ReservationDao();
    private final UsageDao usage = new UsageDao();

    QuotaCatalog(DataSource db) {
        this.tx = new Transactions(db);
    }

    /**
     * Reserves {@code bytes} (positive) for account {@code accountId} and records the reservation for
     * {@code gateway} with a lease until {@code expires}, in one transaction. QUOTA_EXCEEDED
     * ({@link QuotaExceededException}) when they do not fit.
     */
    Reservation reserve(long accountId, long bytes, String gateway, Instant now, Instant expires) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("reserve a positive number of bytes");
        }
        return tx.write("reserveQuota", c -> {
            if (!ledger.reserve(c, accountId, bytes)) {
                throw new QuotaExceededException(ledger.quotaOf(c, accountId), bytes);
            }
            long id = reservations.insert(c, accountId, bytes, gateway, now, expires);
            return new Reservation(id, accountId, bytes);
        });
    }

    /** Gives the reservation's bytes back unless it was consumed or reaped already; returns whether it did. */
    boolean release(Reservation reservation) {
        if (reservation.isNone()) {
            return false;
        }
        return tx.write("releaseQuota", c -> {
            if (!reservations.delete(c, reservation.id())) {
                return false;
            }
            ledger.unreserve(c, reservation.accountId(), reservation.bytes());
            return true;
        });
    }

    /** Extends the leases of {@code gateway}'s live reservations to {@code expires}; returns the rows renewed. */
    int renew(String gateway, Collection<Long> ids, Instant expires) {
        List<Long> all = new ArrayList<>(ids);
        int renewed = 0;
        for (int from = 0; from < all.size(); from += RENEW_BATCH) {
            List<Long> batch = all.subList(from, Math.min(all.size(), from + RENEW_BATCH));
            renewed += tx.write("renewQuotaLeases", c -> reservations.renew(c, gateway, batch, expires));
        }
        return renewed;
    }

    /**
     * Frees up to {@code limit} reservations whose lease ended before {@code now} (their gateway crashed, or
     * lost a release): each in its own transaction, which deletes the row only if it is still expired and then
     * gives its bytes back. Returns the number freed; several reapers may run at once.
     */
    int reapExpired(Instant now, int limit) {
        int freed = 0;
        for (ReservationDao.Row row : tx.read("findExpiredReservations", c -> reservations.expired(c, now, limit))) {
            boolean done = tx.write("reapReservation", c -> {
                if (!reservations.deleteIfExpired(c, row.id(), now)) {
                    return false;
                }
                ledger.unreserve(c, row.accountId(), row.bytes());
                return true;
            });
            if (done) {
                freed++;
            }
        }
        return freed;
    }

    /** Recomputes every account's usage from the object table; one short transaction per account. */
    List<UsageDrift> reconcileAll() {
        List<UsageDrift> drifts = new ArrayList<>();
        for (UsageDao.AccountRef a : tx.read("listAccountIds", usage::accounts)) {
            drifts.add(tx.write("reconcileUsage", c -> usage.reconcile(c, a.id(), a.name())));
        }
        return drifts;
    }

    UsageDrift reconcile(long accountId, String name) {
        return tx.write("reconcileUsage", c -> usage.reconcile(c, accountId, name));
    }
}
