package coffer.storage.internal.catalog;

import coffer.storage.ObjectLock;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectVersion;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code object_version} and {@code object_version_part} rows (docs/versioning.md): every version of a key that
 * is not its current object, delete markers included. A version moves here from {@code object} when a newer one
 * supersedes it, and back when the newer ones are deleted; a move never enqueues a blob (it stays named). Stateless.
 */
final class VersionDao {
    private static final String LOCK_COLUMNS = "lock_mode, lock_until, legal_hold";
    private static final String PART_COLUMNS = "part_number, size, start_offset, blob_id, blob_md5, key_version,"
            + " wrapped_key, checksum";
    private final GcQueueDao gc;

    /** One stored version, as much as a move or a removal needs; {@code versionId} is the order key. */
    record Stored(byte[] key, String versionId, boolean nullVersion, boolean deleteMarker, long size, int partCount,
                  BlobId blob, Instant lastModified, String etag, ObjectLock lock) {
        String wireId() {
            return nullVersion ? ObjectVersion.NULL_ID : versionId;
        }
    }

    VersionDao(GcQueueDao gc) {
        this.gc = gc;
    }

    /** Copies the locked current row {@code old} (and moves its manifest) into {@code object_version}. */
    void archive(Connection c, long bucketId, byte[] key, ObjectDao.Current old) throws SQLException {
        boolean nullVersion = old.versionId() == null;
        String order = nullVersion ? VersionIds.forNullVersion(old.lastModified()) : old.versionId();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_version (" + ObjectRows.SHARED_COLUMNS
                + ", version_id, null_version) SELECT " + ObjectRows.SHARED_COLUMNS
                + ", ?, ? FROM object WHERE bucket_id = ? AND object_key = ?")) {
            ps.setString(1, order);
            ps.setBoolean(2, nullVersion);
            ps.setLong(3, bucketId);
            ps.setBytes(4, key);
            ps.executeUpdate();
        }
        if (old.partCount() > 0) {
            run(c, "INSERT INTO object_version_part (bucket_id, object_key, version_id, " + PART_COLUMNS + ")"
                    + " SELECT bucket_id, object_key, ?, " + PART_COLUMNS + " FROM object_part"
                    + " WHERE bucket_id = ? AND object_key = ?", order, bucketId, key);
            run(c, "DELETE FROM object_part WHERE bucket_id = ? AND object_key = ?", null, bucketId, key);
        }
    }

    /**
     * Sets {@code column} ({@code acl} or {@code tags}) of version {@code wireId} of the key, current or stored;
     * false when there is no such version (or it is a delete marker).
     */
    boolean update(Connection c, long bucketId, String keyString, String wireId, String column, String value)
            throws SQLException {
        if (!column.equals("acl") && !column.equals("tags")) {
            throw new IllegalArgumentException("not a version attribute: " + column);
        }
        byte[] key = KeyBytes.utf8(keyString);
        Optional<ObjectDao.Current> current = ObjectDao.lock(c, bucketId, key);
        if (current.isPresent() && wireId.equals(current.get().versionId() == null ? ObjectVersion.NULL_ID
                : current.get().versionId())) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE object SET " + column + " = ?"
                    + " WHERE bucket_id = ? AND object_key = ?")) {
                ps.setString(1, value);
                ps.setLong(2, bucketId);
                ps.setBytes(3, key);
                ps.executeUpdate();
                return true;
            }
        }
        boolean isNull = ObjectVersion.NULL_ID.equals(wireId);
        try (PreparedStatement ps = c.prepareStatement("UPDATE object_version SET " + column + " = ?"
                + " WHERE bucket_id = ? AND object_key = ? AND NOT delete_marker AND "
                + (isNull ? "null_version" : "version_id = ? AND NOT null_version"))) {
            ps.setString(1, value);
            ps.setLong(2, bucketId);
            ps.setBytes(3, key);
            if (!isNull) {
                ps.setString(4, wireId);
            }
            return ps.executeUpdate() > 0;
        }
    }

    /** Inserts a delete marker; its order key {@code order} comes from {@link VersionIds}. */
    void insertMarker(Connection c, long bucketId, byte[] key, String order, boolean nullVersion, Instant time)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_version (bucket_id, object_key,"
                + " version_id, null_version, delete_marker, size, etag, last_modified) VALUES (?, ?, ?, ?, TRUE,"
                + " 0, '', ?)")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.setString(3, order);
            ps.setBoolean(4, nullVersion);
            Timestamps.set(ps, 5, time);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_BUCKET, "no such bucket");
            }
            throw e;
        }
    }

    /** The key's newest stored version, locked. */
    Optional<Stored> newest(Connection c, long bucketId, byte[] key) throws SQLException {
        List<Stored> found = select(c, " WHERE bucket_id = ? AND object_key = ? ORDER BY version_id LIMIT 1"
                + " FOR UPDATE", bucketId, key, null);
        return found.stream().findFirst();
    }

    /** The key's version of wire id {@code wireId} ({@code null} for the null version), locked. */
    Optional<Stored> lock(Connection c, long bucketId, byte[] key, String wireId) throws SQLException {
        List<Stored> found = ObjectVersion.NULL_ID.equals(wireId)
                ? select(c, " WHERE bucket_id = ? AND object_key = ? AND null_version FOR UPDATE", bucketId, key, null)
                : select(c, " WHERE bucket_id = ? AND object_key = ? AND version_id = ? AND NOT null_version"
                        + " FOR UPDATE", bucketId, key, wireId);
        return found.stream().findFirst();
    }

    /** Up to {@code limit} versions of the bucket, locked (account deletion shreds them). */
    List<Stored> lockSome(Connection c, long bucketId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT object_key, version_id, null_version,"
                + " delete_marker, size, part_count, blob_id, last_modified, etag, " + LOCK_COLUMNS
                + " FROM object_version WHERE bucket_id = ? ORDER BY object_key, version_id LIMIT ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            ps.setInt(2, limit);
            return read(ps);
        }
    }

    /**
     * Deletes a stored version and its manifest, enqueueing their blobs; OBJECT_LOCKED while its object lock holds
     * (docs/object-lock.md).
     */
    void remove(Connection c, long bucketId, Stored v, Instant now, Instant gcDue) throws SQLException {
        remove(c, bucketId, v, now, gcDue, false);
    }

    /** As above; {@code bypassGovernance} lets GOVERNANCE retention give way. */
    void remove(Connection c, long bucketId, Stored v, Instant now, Instant gcDue, boolean bypassGovernance)
            throws SQLException {
        LockRule.requireRemovable(v.lock(), now, bypassGovernance, KeyBytes.string(v.key()), v.wireId());
        List<BlobId> dropped = new ArrayList<>();
        if (v.partCount() > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM object_version_part"
                    + " WHERE bucket_id = ? AND object_key = ? AND version_id = ? FOR UPDATE")) {
                ps.setLong(1, bucketId);
                ps.setBytes(2, v.key());
                ps.setString(3, v.versionId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dropped.add(new BlobId(rs.getString(1)));
                    }
                }
            }
            runVersion(c, "DELETE FROM object_version_part", bucketId, v);
        } else if (v.blob() != null) {
            dropped.add(v.blob());
        }
        runVersion(c, "DELETE FROM object_version", bucketId, v);
        for (BlobId blob : dropped) {
            gc.enqueue(c, blob, now, gcDue);
        }
    }

    /**
     * Makes the key's newest stored version its current object again if it is not a delete marker (there must be
     * no current row). Returns whether one moved.
     */
    boolean promote(Connection c, long bucketId, byte[] key) throws SQLException {
        Optional<Stored> newest = newest(c, bucketId, key);
        if (newest.isEmpty() || newest.get().deleteMarker()) {
            return false;
        }
        Stored v = newest.get();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object (" + ObjectRows.SHARED_COLUMNS
                + ", version_id) SELECT " + ObjectRows.SHARED_COLUMNS + ", IF(null_version, NULL, version_id)"
                + " FROM object_version WHERE bucket_id = ? AND object_key = ? AND version_id = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.setString(3, v.versionId());
            ps.executeUpdate();
        }
        if (v.partCount() > 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_part (bucket_id, object_key, "
                    + PART_COLUMNS + ") SELECT bucket_id, object_key, " + PART_COLUMNS + " FROM object_version_part"
                    + " WHERE bucket_id = ? AND object_key = ? AND version_id = ?")) {
                ps.setLong(1, bucketId);
                ps.setBytes(2, key);
                ps.setString(3, v.versionId());
                ps.executeUpdate();
            }
            runVersion(c, "DELETE FROM object_version_part", bucketId, v);
        }
        runVersion(c, "DELETE FROM object_version", bucketId, v);
        return true;
    }

    /**
     * The key's version of wire id {@code wireId}, or its newest stored version when {@code wireId} is null, with
     * its manifest; {@code latest} tells whether the key has no current object (then the newest stored one is the
     * latest).
     */
    Optional<ObjectVersion> find(Connection c, long bucketId, String key, String wireId, boolean noCurrent)
            throws SQLException {
        return find(c, bucketId, key, wireId, noCurrent, "");
    }

    /** As above, with a locking clause ({@code ""} or {@code " LOCK IN SHARE MODE"}). */
    Optional<ObjectVersion> find(Connection c, long bucketId, String key, String wireId, boolean noCurrent,
                                 String lock) throws SQLException {
        String where = wireId == null ? "v.version_id = (SELECT MIN(version_id) FROM object_version"
                + " WHERE bucket_id = ? AND object_key = ?)"
                : ObjectVersion.NULL_ID.equals(wireId) ? "v.null_version" : "v.version_id = ? AND NOT v.null_version";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ObjectRows.columns("v") + ", v.null_version,"
                + " v.delete_marker, " + ManifestDao.JOINED_COLUMNS + " FROM object_version v"
                + " LEFT JOIN object_version_part p ON p.bucket_id = v.bucket_id AND p.object_key = v.object_key"
                + " AND p.version_id = v.version_id WHERE v.bucket_id = ? AND v.object_key = ? AND " + where
                + " ORDER BY v.version_id, p.part_number" + lock)) {
            byte[] keyBytes = KeyBytes.utf8(key);
            int i = 1;
            ps.setLong(i++, bucketId);
            ps.setBytes(i++, keyBytes);
            if (wireId == null) {
                ps.setLong(i++, bucketId);
                ps.setBytes(i, keyBytes);
            } else if (!ObjectVersion.NULL_ID.equals(wireId)) {
                ps.setString(i, wireId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                boolean latest = noCurrent && wireId == null;
                return Optional.of(readVersion(rs, latest, true));
            }
        }
    }

    /**
     * A version row of {@code object_version}; with {@code withManifest}, positioned on its first joined manifest
     * row, whose rows it reads (a listing loads no manifests).
     */
    static ObjectVersion readVersion(ResultSet rs, boolean latest, boolean withManifest) throws SQLException {
        boolean nullVersion = rs.getBoolean("null_version");
        String order = rs.getString("version_id");
        String wireId = nullVersion ? ObjectVersion.NULL_ID : order;
        String key = KeyBytes.string(ObjectRows.keyBytes(rs));
        Instant time = Timestamps.get(rs, "last_modified");
        if (rs.getBoolean("delete_marker")) {
            return ObjectVersion.marker(key, wireId, time, latest);
        }
        int partCount = rs.getInt("part_count");
        ObjectRecord row = partCount > 0 ? ObjectRows.read(rs, List.of()) : ObjectRows.read(rs);
        List<StoredBlob> parts = new ArrayList<>();
        List<String> checksums = new ArrayList<>();
        if (partCount > 0 && withManifest) {
            do {
                StoredBlob part = ManifestDao.readJoined(rs);
                if (part != null) {
                    parts.add(part);
                    checksums.add(ManifestDao.readJoinedChecksum(rs));
                }
            } while (rs.next());
            if (parts.size() != partCount) {
                throw new StoreException(Reason.INTERNAL, "multipart version manifest is incomplete");
            }
        }
        if (partCount > 0 && !withManifest) {
            return ObjectVersion.of(row.asVersion(nullVersion ? null : order, time), latest);
        }
        ObjectRecord object = new ObjectRecord(row.bucketId(), row.key(), row.size(), row.etag(), time,
                row.metadata(), partCount > 0 ? parts : row.blobs(), partCount,
                partCount > 0 ? row.attributes().withChecksum(row.attributes().checksum(), checksums)
                        : row.attributes(), nullVersion ? null : order);
        return ObjectVersion.of(object, latest);
    }

    private List<Stored> select(Connection c, String where, long bucketId, byte[] key, String versionId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT object_key, version_id, null_version, delete_marker,"
                + " size, part_count, blob_id, last_modified, etag, " + LOCK_COLUMNS + " FROM object_version"
                + where)) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            if (versionId != null) {
                ps.setString(3, versionId);
            }
            return read(ps);
        }
    }

    private static List<Stored> read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Stored> found = new ArrayList<>();
            while (rs.next()) {
                String blob = rs.getString(7);
                found.add(new Stored(rs.getBytes(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getLong(5), rs.getInt(6), blob == null ? null : new BlobId(blob),
                        Timestamps.get(rs, "last_modified"), rs.getString(9), ObjectRows.readLock(rs)));
            }
            return found;
        }
    }

    private static void runVersion(Connection c, String delete, long bucketId, Stored v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(delete
                + " WHERE bucket_id = ? AND object_key = ? AND version_id = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, v.key());
            ps.setString(3, v.versionId());
            ps.executeUpdate();
        }
    }

    /** Runs {@code sql} with an optional leading string parameter, then the bucket id and the key. */
    private static void run(Connection c, String sql, String first, long bucketId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (first != null) {
                ps.setString(i++, first);
            }
            ps.setLong(i++, bucketId);
            ps.setBytes(i, key);
            ps.executeUpdate();
        }
    }
}
