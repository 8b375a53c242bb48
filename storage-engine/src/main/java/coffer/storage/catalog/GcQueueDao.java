package coffer.storage.catalog;

import coffer.storage.blob.BlobId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gc_queue} table. An entry is written in the transaction that made its blob unreachable. A worker
 * claims due entries by pushing their {@code not_before} forward (a lease, so a crashed worker's claims come back)
 * and deletes each entry after freeing its blob. Blob deletion is idempotent, so a second run is harmless.
 */
final class GcQueueDao {

    void enqueue(Connection c, BlobId blob, Instant now, Instant notBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO gc_queue (blob_id, enqueued_at, not_before) VALUES (?, ?, ?)")) {
            ps.setString(1, blob.value());
            Timestamps.set(ps, 2, now);
            Timestamps.set(ps, 3, notBefore);
            ps.executeUpdate();
        }
    }

    /** Claims up to {@code limit} entries due at {@code now}; they are not due again before {@code leaseEnd}. */
    List<GcEntry> claim(Connection c, int limit, Instant now, Instant leaseEnd) throws SQLException {
        List<GcEntry> claimed = new ArrayList<>();
        // SKIP LOCKED: concurrent workers (several gateways) take disjoint batches instead of queueing.
        try (PreparedStatement ps = c.prepareStatement("SELECT id, blob_id FROM gc_queue WHERE not_before <= ?"
                + " ORDER BY not_before, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            Timestamps.set(ps, 1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new GcEntry(rs.getLong(1), new BlobId(rs.getString(2))));
                }
            }
        }
        if (claimed.isEmpty()) {
            return claimed;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE gc_queue SET not_before = ? WHERE id = ?")) {
            for (GcEntry e : claimed) {
                Timestamps.set(ps, 1, leaseEnd);
                ps.setLong(2, e.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return claimed;
    }

    void remove(Connection c, long entryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM gc_queue WHERE id = ?")) {
            ps.setLong(1, entryId);
            ps.executeUpdate();
        }
    }
}
