package coffer.storage.internal.catalog;

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
 *
 * <p>Blobs are shared (a copy points at its source's blobs), so an entry only says "this row no longer names the
 * blob". A claim therefore drops, without freeing, every entry whose blob is still named by a row of
 * {@code object}, {@code object_part} or {@code upload_part}: the transaction that removes the last of those
 * enqueues the blob again. This is safe because a new reference to an existing blob is only ever created while
 * another reference to it is share-locked (the copy source), so a blob with no reference can never gain one.
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
        List<GcEntry> free = new ArrayList<>();
        for (GcEntry e : claimed) {
            if (isReferenced(c, e.blobId())) {
                remove(c, e.id());
            } else {
                free.add(e);
            }
        }
        claimed = free;
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

    private static boolean isReferenced(Connection c, BlobId blob) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM object WHERE blob_id = ?)"
                + " OR EXISTS (SELECT 1 FROM object_part WHERE blob_id = ?)"
                + " OR EXISTS (SELECT 1 FROM object_version WHERE blob_id = ?)"
                + " OR EXISTS (SELECT 1 FROM object_version_part WHERE blob_id = ?)"
                + " OR EXISTS (SELECT 1 FROM upload_part WHERE blob_id = ?)")) {
            for (int i = 1; i <= 5; i++) {
                ps.setString(i, blob.value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    void remove(Connection c, long entryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM gc_queue WHERE id = ?")) {
            ps.setLong(1, entryId);
            ps.executeUpdate();
        }
    }
}
