package coffer.storage.catalog;

import coffer.storage.ObjectRecord;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.blob.BlobId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Publishes, reads and removes {@code object} rows. Every write that makes a blob unreachable enqueues it in
 * {@code gc_queue} in the same transaction, so a blob is never freed while a committed row points at it and never
 * forgotten once none does. Stateless.
 */
final class ObjectDao {
    private final GcQueueDao gc;

    ObjectDao(GcQueueDao gc) {
        this.gc = gc;
    }

    /**
     * Inserts or replaces the row for {@code (r.bucketId, r.key)} and enqueues the blob it replaces, due at
     * {@code gcDue}. Must run inside a write transaction.
     */
    void put(Connection c, ObjectRecord r, Instant gcDue) throws SQLException {
        byte[] key = KeyBytes.utf8(r.key());
        // 1. Lock the current row, if any, so that concurrent overwrites of one key queue up here.
        Optional<BlobId> old = lockBlob(c, r.bucketId(), key);
        if (old.isPresent()) {
            // 2a. Replace it, and hand its blob to the collector.
            try (PreparedStatement ps = c.prepareStatement("UPDATE object SET " + ObjectRows.VALUE_COLUMNS
                    + " WHERE bucket_id = ? AND object_key = ?")) {
                ObjectRows.bindValues(ps, 1, r);
                ps.setLong(ObjectRows.VALUE_COUNT + 1, r.bucketId());
                ps.setBytes(ObjectRows.VALUE_COUNT + 2, key);
                ps.executeUpdate();
            }
            gc.enqueue(c, old.get(), r.lastModified(), gcDue);
            return;
        }
        // 2b. No row: insert. The foreign key fails if the bucket is gone; a duplicate means another writer
        // inserted the key since step 1, and a rerun will find and lock its row.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object (" + ObjectRows.COLUMNS
                + ") VALUES (?, ?" + ", ?".repeat(ObjectRows.VALUE_COUNT) + ")")) {
            ps.setLong(1, r.bucketId());
            ps.setBytes(2, key);
            ObjectRows.bindValues(ps, 3, r);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_BUCKET, "no such bucket");
            }
            if (SqlErrors.is(e, SqlErrors.DUPLICATE_KEY)) {
                throw new SqlErrors.RetryTransaction("lost an insert race on one key");
            }
            throw e;
        }
    }

    Optional<ObjectRecord> find(Connection c, long bucketId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ObjectRows.COLUMNS
                + " FROM object WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, KeyBytes.utf8(key));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ObjectRows.read(rs)) : Optional.empty();
            }
        }
    }

    /** Deletes the row, if any, and enqueues its blob. Returns whether a row existed. */
    boolean delete(Connection c, long bucketId, String key, Instant now, Instant gcDue) throws SQLException {
        byte[] keyBytes = KeyBytes.utf8(key);
        Optional<BlobId> old = lockBlob(c, bucketId, keyBytes);
        if (old.isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM object WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, keyBytes);
            ps.executeUpdate();
        }
        gc.enqueue(c, old.get(), now, gcDue);
        return true;
    }

    private static Optional<BlobId> lockBlob(Connection c, long bucketId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT blob_id FROM object WHERE bucket_id = ? AND object_key = ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new BlobId(rs.getString(1))) : Optional.empty();
            }
        }
    }
}
