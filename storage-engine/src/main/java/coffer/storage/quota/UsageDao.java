package coffer.storage.quota;

import coffer.storage.internal.catalog.UsageLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciliation of the {@code usage} table with the object table. {@link UsageLedger} makes the counters'
 * day-to-day updates; this class only recomputes them, by the same rule. Stateless.
 */
final class UsageDao {

    /** An account's id and name. */
    record AccountRef(long id, String name) {
    }

    /** Every account, in id order. */
    List<AccountRef> accounts(Connection c) throws SQLException {
        List<AccountRef> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM account ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(new AccountRef(rs.getLong(1), rs.getString(2)));
            }
        }
        return ids;
    }

    /**
     * Recomputes one account's used bytes and object count from its objects and stores them. Must run in a write
     * transaction: the usage row is locked first, so a commit that moves bytes into it either finished before
     * (its object is counted) or waits and applies its delta afterwards.
     */
    UsageDrift reconcile(Connection c, long accountId, String name) throws SQLException {
        long recordedBytes = 0;
        long recordedObjects = 0;
        boolean hasRow;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT used_bytes, object_count FROM `usage` WHERE account_id = ? FOR UPDATE")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                hasRow = rs.next();
                if (hasRow) {
                    recordedBytes = rs.getLong(1);
                    recordedObjects = rs.getLong(2);
                }
            }
        }
        long actualBytes = 0;
        long actualObjects = 0;
        // Every stored object, by its plaintext size (a copy counts in full, like any object) ...
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(o.size), 0), COUNT(*) FROM object o"
                + " JOIN bucket b ON b.id = o.bucket_id WHERE b.owner_id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actualBytes += rs.getLong(1);
                actualObjects += rs.getLong(2);
            }
        }
        // ... every noncurrent version but delete markers (docs/versioning.md) ...
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(v.size), 0), COUNT(*)"
                + " FROM object_version v JOIN bucket b ON b.id = v.bucket_id"
                + " WHERE b.owner_id = ? AND NOT v.delete_marker")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actualBytes += rs.getLong(1);
                actualObjects += rs.getLong(2);
            }
        }
        // ... and the charge of every stored part of the account's uploads in progress (Quotas.partCharge).
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(GREATEST(p.size, ?)), 0)"
                + " FROM upload_part p JOIN upload u ON u.upload_id = p.upload_id JOIN bucket b ON b.id = u.bucket_id"
                + " WHERE b.owner_id = ?")) {
            ps.setLong(1, Quotas.MIN_PART_CHARGE);
            ps.setLong(2, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actualBytes += rs.getLong(1);
            }
        }
        // The open upload count is a limit, not usage: it is put right without being reported as drift.
        long openUploads;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM upload u"
                + " JOIN bucket b ON b.id = u.bucket_id WHERE b.owner_id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                openUploads = rs.getLong(1);
            }
        }
        String sql = hasRow
                ? "UPDATE `usage` SET used_bytes = ?, object_count = ?, open_uploads = ? WHERE account_id = ?"
                : "INSERT INTO `usage` (used_bytes, object_count, open_uploads, account_id) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, actualBytes);
            ps.setLong(2, actualObjects);
            ps.setLong(3, openUploads);
            ps.setLong(4, accountId);
            ps.executeUpdate();
        }
        return new UsageDrift(accountId, name, recordedBytes, actualBytes, recordedObjects, actualObjects);
    }
}
