package coffer.storage.internal.catalog;

import coffer.storage.DeleteCondition;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.WriteCondition;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Publishes, reads and removes {@code object} rows and their manifests. Every write that makes a blob unreachable
 * from this row enqueues it in {@code gc_queue} in the same transaction; the collector frees it only if no other
 * row still names it (blobs are shared by copies). Stateless.
 */
final class ObjectDao {
    private final GcQueueDao gc;
    private final ManifestDao manifests = new ManifestDao();

    /**
     * The locked current row: what a conditional write compares, and what a replacement makes unreachable;
     * {@code versionId} null for the null version.
     */
    record Current(String etag, BlobId blob, int partCount, long size, Instant lastModified, String versionId,
                   ObjectLock lock) {
    }

    ObjectDao(GcQueueDao gc) {
        this.gc = gc;
    }

    /**
     * Inserts or replaces the row for {@code (r.bucketId, r.key)} (and its manifest) if {@code condition} holds on
     * the locked current row, and enqueues the blobs it replaces, due at {@code gcDue}. Must run inside a write
     * transaction. Returns the plaintext size of the object it replaced, if any (usage is counted net of it).
     */
    OptionalLong put(Connection c, ObjectRecord r, WriteCondition condition, Instant gcDue) throws SQLException {
        byte[] key = KeyBytes.utf8(r.key());
        // 1. Lock the current row, if any, so that concurrent overwrites of one key queue up here.
        Optional<Current> old = lock(c, r.bucketId(), key);
        // 2. Decide the condition on the locked row.
        check(condition, old);
        if (old.isPresent()) {
            // 3a. Replace it, and hand the blobs no longer named by this row to the collector.
            replace(c, r, key, old.get(), gcDue);
        } else {
            // 3b. No row: insert.
            insert(c, r, key, condition);
        }
        if (r.isMultipart()) {
            manifests.insert(c, r.bucketId(), key, r.blobs(), r.attributes().partChecksums());
        }
        return old.isPresent() ? OptionalLong.of(old.get().size()) : OptionalLong.empty();
    }

    /** Replaces the locked row {@code old} by {@code r}, enqueueing the blobs {@code r} no longer names. */
    void replace(Connection c, ObjectRecord r, byte[] key, Current old, Instant gcDue) throws SQLException {
        LockRule.requireRemovable(old.lock(), r.lastModified(), false, r.key(), old.versionId());
        List<BlobId> dropped = old.partCount() > 0 ? manifests.delete(c, r.bucketId(), key) : List.of(old.blob());
        update(c, r, key);
        Set<BlobId> kept = new HashSet<>();
        r.blobs().forEach(b -> kept.add(b.id()));
        for (BlobId blob : dropped) {
            if (!kept.contains(blob)) {
                gc.enqueue(c, blob, r.lastModified(), gcDue);
            }
        }
    }

    /** Overwrites the row's values (not its manifest) with {@code r}'s. */
    void update(Connection c, ObjectRecord r, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE object SET " + ObjectRows.VALUE_COLUMNS
                + " WHERE bucket_id = ? AND object_key = ?")) {
            ObjectRows.bindValues(ps, 1, r);
            ps.setLong(ObjectRows.VALUE_COUNT + 1, r.bucketId());
            ps.setBytes(ObjectRows.VALUE_COUNT + 2, key);
            ps.executeUpdate();
        }
    }

    /**
     * Inserts the row (not its manifest). The foreign key fails if the bucket is gone; a duplicate means another
     * writer inserted the key since it was found missing: a rerun finds and locks its row, unless the write was
     * conditional on the key's absence, which that writer has just won.
     */
    void insert(Connection c, ObjectRecord r, byte[] key, WriteCondition condition) throws SQLException {
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
                if (condition.ifNoneExists()) {
                    throw new StoreException(Reason.CONDITIONAL_REQUEST_CONFLICT,
                            "a concurrent write created the key first");
                }
                throw new SqlErrors.RetryTransaction("lost an insert race on one key");
            }
            throw e;
        }
    }

    /** Inserts {@code r}'s manifest rows. */
    void insertManifest(Connection c, ObjectRecord r, byte[] key) throws SQLException {
        manifests.insert(c, r.bucketId(), key, r.blobs(), r.attributes().partChecksums());
    }

    static void check(WriteCondition condition, Optional<Current> old) {
        if (condition.ifNoneExists() && old.isPresent()) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the key exists");
        }
        if (condition.ifMatchEtag() != null) {
            if (old.isEmpty()) {
                throw new StoreException(Reason.NO_SUCH_KEY, "no such key");
            }
            if (!condition.ifMatchEtag().equals(WriteCondition.ANY)
                    && !old.get().etag().equals(condition.ifMatchEtag())) {
                throw new StoreException(Reason.PRECONDITION_FAILED, "the ETag differs");
            }
        }
        if (condition.ifNoneMatchEtag() != null && old.isPresent()
                && old.get().etag().equals(condition.ifNoneMatchEtag())) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the ETag matches");
        }
    }

    Optional<ObjectRecord> find(Connection c, long bucketId, String key) throws SQLException {
        return find(c, bucketId, key, "");
    }

    /** The row and its manifest, share-locked until the transaction ends (a copy source). */
    Optional<ObjectRecord> findShared(Connection c, long bucketId, String key) throws SQLException {
        return find(c, bucketId, key, " LOCK IN SHARE MODE");
    }

    /** One statement, so the row and its manifest come from one consistent snapshot. */
    private Optional<ObjectRecord> find(Connection c, long bucketId, String key, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ObjectRows.columns("o") + ", "
                + ManifestDao.JOINED_COLUMNS + " FROM object o LEFT JOIN object_part p"
                + " ON p.bucket_id = o.bucket_id AND p.object_key = o.object_key"
                + " WHERE o.bucket_id = ? AND o.object_key = ? ORDER BY p.part_number" + lock)) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, KeyBytes.utf8(key));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ObjectRecord row = ObjectRows.read(rs, List.of());
                List<StoredBlob> parts = new ArrayList<>();
                List<String> checksums = new ArrayList<>();
                do {
                    StoredBlob part = ManifestDao.readJoined(rs);
                    if (part != null) {
                        parts.add(part);
                        checksums.add(ManifestDao.readJoinedChecksum(rs));
                    }
                } while (rs.next());
                if (!row.isMultipart()) {
                    return Optional.of(row);
                }
                if (parts.size() != row.partCount()) {
                    throw new StoreException(Reason.INTERNAL, "multipart object manifest is incomplete");
                }
                return Optional.of(new ObjectRecord(row.bucketId(), row.key(), row.size(), row.etag(),
                        row.lastModified(), row.metadata(), parts, row.partCount(),
                        row.attributes().withChecksum(row.attributes().checksum(), checksums), row.versionId()));
            }
        }
    }

    /** Sets the row's canned ACL; false when there is no row. */
    boolean setAcl(Connection c, long bucketId, String key, String acl) throws SQLException {
        return update(c, "UPDATE object SET acl = ? WHERE bucket_id = ? AND object_key = ?", acl, bucketId, key);
    }

    /** Replaces the row's tags (empty map: none); false when there is no row. */
    boolean setTags(Connection c, long bucketId, String key, Map<String, String> tags) throws SQLException {
        return update(c, "UPDATE object SET tags = ? WHERE bucket_id = ? AND object_key = ?",
                UserMetadataCodec.encode(new TreeMap<>(tags)), bucketId, key);
    }

    /** Locks the row, then updates it: the affected-row count cannot tell "unchanged" from "missing". */
    private static boolean update(Connection c, String sql, String value, long bucketId, String key)
            throws SQLException {
        byte[] keyBytes = KeyBytes.utf8(key);
        if (lock(c, bucketId, keyBytes).isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, bucketId);
            ps.setBytes(3, keyBytes);
            ps.executeUpdate();
            return true;
        }
    }

    /** Deletes the row, if any, and enqueues its blobs. Returns the plaintext size of the row it deleted. */
    OptionalLong delete(Connection c, long bucketId, String key, Instant now, Instant gcDue) throws SQLException {
        return delete(c, bucketId, key, DeleteCondition.NONE, now, gcDue);
    }

    /** As above if {@code condition} holds on the locked row (PRECONDITION_FAILED otherwise). */
    OptionalLong delete(Connection c, long bucketId, String key, DeleteCondition condition, Instant now,
                        Instant gcDue) throws SQLException {
        return delete(c, bucketId, key, condition, now, gcDue, false);
    }

    /** As above; {@code bypassGovernance} lets GOVERNANCE retention give way (docs/object-lock.md). */
    OptionalLong delete(Connection c, long bucketId, String key, DeleteCondition condition, Instant now,
                        Instant gcDue, boolean bypassGovernance) throws SQLException {
        byte[] keyBytes = KeyBytes.utf8(key);
        Optional<Current> old = lock(c, bucketId, keyBytes);
        if (old.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!condition.holds(old.get().etag(), old.get().lastModified(), old.get().size())) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the delete condition does not hold");
        }
        removeCurrent(c, bucketId, keyBytes, old.get(), now, gcDue, bypassGovernance);
        return OptionalLong.of(old.get().size());
    }

    /**
     * Deletes the locked row {@code old} and its manifest, and enqueues their blobs; OBJECT_LOCKED while its object
     * lock holds (docs/object-lock.md).
     */
    void removeCurrent(Connection c, long bucketId, byte[] keyBytes, Current old, Instant now, Instant gcDue)
            throws SQLException {
        removeCurrent(c, bucketId, keyBytes, old, now, gcDue, false);
    }

    /** As above; {@code bypassGovernance} lets GOVERNANCE retention give way. */
    void removeCurrent(Connection c, long bucketId, byte[] keyBytes, Current old, Instant now, Instant gcDue,
                       boolean bypassGovernance) throws SQLException {
        LockRule.requireRemovable(old.lock(), now, bypassGovernance, KeyBytes.string(keyBytes), old.versionId());
        List<BlobId> dropped = old.partCount() > 0 ? manifests.delete(c, bucketId, keyBytes) : List.of(old.blob());
        deleteRow(c, bucketId, keyBytes);
        for (BlobId blob : dropped) {
            gc.enqueue(c, blob, now, gcDue);
        }
    }

    /** Deletes the row alone (its manifest was moved or deleted). */
    static void deleteRow(Connection c, long bucketId, byte[] keyBytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM object WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, keyBytes);
            ps.executeUpdate();
        }
    }

    static Optional<Current> lock(Connection c, long bucketId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT etag, blob_id, part_count, size, last_modified,"
                + " version_id, lock_mode, lock_until, legal_hold"
                + " FROM object WHERE bucket_id = ? AND object_key = ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String blob = rs.getString(2);
                return Optional.of(new Current(rs.getString(1), blob == null ? null : new BlobId(blob),
                        rs.getInt(3), rs.getLong(4), Timestamps.get(rs, "last_modified"), rs.getString(6),
                        ObjectRows.readLock(rs)));
            }
        }
    }
}
