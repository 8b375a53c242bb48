package coffer.storage.internal.catalog;

import coffer.storage.QuotaExceededException;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The day-to-day statements on the {@code usage} counters, run inside the caller's transaction. Every publishing
 * transaction (object put, copy, delete; part store; Complete; Abort) ends with {@link #publish}, so the counters
 * change with the rows they count: used bytes are the plaintext sizes of stored objects plus the charges of stored
 * parts of uploads in progress ({@link #partCharge}; the rule {@code quota.UsageDao#reconcile} recomputes), object
 * count the objects, open uploads the uploads in progress (bounded by {@link #openUpload}).
 *
 * <p>Invariant: no statement here raises {@code used_bytes + reserved_bytes} above the quota in force. Growth goes
 * through {@link #reserve} (one conditional UPDATE, decided on the locked row) or through a publish whose growth
 * exceeds what it had reserved, which is conditional the same way. A publish that grows by no more than its
 * reservation cannot raise the sum. The statements take the usage row lock last in their transaction, so it is
 * held only until the commit. Stateless.
 *
 * <p>The seam between quotas and the catalog: the catalog's publishing transactions (objects, parts, uploads,
 * bucket deletion) call the public methods on their own connection, so that the counters change in the same commit
 * as the rows they count; the reservations' transactions ({@code coffer.storage.quota.QuotaCatalog}) call
 * {@link #reserve} and {@link #unreserve}. It lives in the catalog's package, below the quota service, so that
 * the catalog does not depend on {@code coffer.storage.quota} (docs/architecture.md, no package cycles).
 */
public final class UsageLedger {
    /**
     * The least a stored part of an upload in progress counts in used bytes, whatever its size (docs/accounts.md,
     * "What counts"): an empty or tiny part still costs a catalog row and a blob, so it must take room in the quota,
     * or an account could store parts without end. One file-system block. Completing an upload counts the object at
     * its true size; only parts in progress are charged this way.
     */
    public static final long MIN_PART_CHARGE = 4096;
    /** The quota in force for the account of the updated usage row. */
    private static final String QUOTA_OF_ROW = "(SELECT COALESCE(a.quota_bytes, p.quota_bytes) FROM account a"
            + " JOIN plan p ON p.name = a.plan WHERE a.id = `usage`.account_id)";

    /**
     * Adds {@code bytes} to the account's reserved bytes if used + reserved + bytes stays within its quota: one
     * UPDATE, so concurrent reservations queue on the row lock and each is decided on the value the previous one
     * left (InnoDB re-reads a locked row before applying the WHERE to it). Returns whether it fitted; the pool
     * reports affected rows ({@code useAffectedRows=true}), so a refused reservation is 0 rows.
     */
    public boolean reserve(Connection c, long accountId, long bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE `usage` SET reserved_bytes = reserved_bytes + ?"
                + " WHERE account_id = ? AND used_bytes + reserved_bytes + ? <= " + QUOTA_OF_ROW)) {
            ps.setLong(1, bytes);
            ps.setLong(2, accountId);
            ps.setLong(3, bytes);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives back {@code bytes} of reserved space (a released or expired reservation). */
    public void unreserve(Connection c, long accountId, long bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE `usage` SET reserved_bytes = reserved_bytes - ?"
                + " WHERE account_id = ?")) {
            ps.setLong(1, bytes);
            ps.setLong(2, accountId);
            ps.executeUpdate();
        }
    }

    /**
     * Records a publish in bucket {@code bucketId}'s owner's counters: used bytes change by {@code bytesDelta}
     * (net of what the publish replaced or removed), the object count by {@code objectDelta}, and the reservation,
     * if it still exists (the reaper may have taken an expired one), is consumed: its row deleted and its bytes
     * taken off the reserved bytes. Growth beyond the reservation must fit the quota, else QUOTA_EXCEEDED (the
     * caller's transaction then rolls back). Call it last in the transaction.
     */
    public void publish(Connection c, long bucketId, long bytesDelta, long objectDelta, Reservation reservation)
            throws SQLException {
        publish(c, bucketId, bytesDelta, objectDelta, 0, reservation);
    }

    /** As above, also changing the open upload count by {@code uploadDelta} (a completion, abort or expiry: -1). */
    public void publish(Connection c, long bucketId, long bytesDelta, long objectDelta, int uploadDelta,
                        Reservation reservation) throws SQLException {
        long held = 0;
        if (!reservation.isNone()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM reservation WHERE id = ?")) {
                ps.setLong(1, reservation.id());
                if (ps.executeUpdate() == 1) {
                    held = reservation.bytes();
                }
            }
        }
        if (bytesDelta == 0 && objectDelta == 0 && uploadDelta == 0 && held == 0) {
            return;
        }
        boolean grows = bytesDelta > held;
        String sql = "UPDATE `usage` SET used_bytes = used_bytes + ?, reserved_bytes = reserved_bytes - ?,"
                + " object_count = object_count + ?" + (uploadDelta == 0 ? "" : ", open_uploads = open_uploads + ?")
                + " WHERE account_id = (SELECT owner_id FROM bucket WHERE id = ?)"
                + (grows ? " AND used_bytes + reserved_bytes - ? + ? <= " + QUOTA_OF_ROW : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, bytesDelta);
            ps.setLong(i++, held);
            ps.setLong(i++, objectDelta);
            if (uploadDelta != 0) {
                ps.setInt(i++, uploadDelta);
            }
            ps.setLong(i++, bucketId);
            if (grows) {
                ps.setLong(i++, held);
                ps.setLong(i, bytesDelta);
            }
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        if (grows) {
            throw new QuotaExceededException(quotaOfBucketOwner(c, bucketId), bytesDelta - held);
        }
        throw new StoreException(Reason.INTERNAL, "the bucket's owner has no usage row");
    }

    /**
     * Counts one more open upload for bucket {@code bucketId}'s owner if it has fewer than {@code max}: one
     * conditional UPDATE on the locked row, so concurrent creations cannot pass the limit together. Returns whether
     * it fitted (0 affected rows: the limit is reached). Call it last in the creating transaction.
     */
    public boolean openUpload(Connection c, long bucketId, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE `usage` SET open_uploads = open_uploads + 1"
                + " WHERE account_id = (SELECT owner_id FROM bucket WHERE id = ?) AND open_uploads < ?")) {
            ps.setLong(1, bucketId);
            ps.setInt(2, max);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Takes {@code bytes} off the account's used bytes and {@code uploads} off its open uploads (the uploads
     * aborted with their bucket).
     */
    public void giveBack(Connection c, long accountId, long bytes, int uploads) throws SQLException {
        if (bytes == 0 && uploads == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE `usage` SET used_bytes = used_bytes - ?,"
                + " open_uploads = open_uploads - ? WHERE account_id = ?")) {
            ps.setLong(1, bytes);
            ps.setInt(2, uploads);
            ps.setLong(3, accountId);
            ps.executeUpdate();
        }
    }

    /** What a stored part of {@code size} plaintext bytes counts in used bytes: see {@link #MIN_PART_CHARGE}. */
    public static long partCharge(long size) {
        return Math.max(size, MIN_PART_CHARGE);
    }

    /** The bucket's owner, if the bucket exists. */
    public OptionalLong ownerOf(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner_id FROM bucket WHERE id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The quota in force for the account, or -1 if it cannot be read. */
    public long quotaOf(Connection c, long accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(a.quota_bytes, p.quota_bytes) FROM account a"
                + " JOIN plan p ON p.name = a.plan WHERE a.id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private long quotaOfBucketOwner(Connection c, long bucketId) throws SQLException {
        OptionalLong owner = ownerOf(c, bucketId);
        return owner.isPresent() ? quotaOf(c, owner.getAsLong()) : -1;
    }
}
