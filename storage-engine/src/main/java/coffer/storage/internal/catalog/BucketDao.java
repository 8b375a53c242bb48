package coffer.storage.internal.catalog;

import coffer.storage.Bucket;
import coffer.storage.BucketContents;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.Versioning;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code bucket} table. Name conflicts and emptiness are decided by the database (unique key, foreign key),
 * never by a read followed by a write. Stateless.
 */
final class BucketDao {
    private static final String COLUMNS = "id, name, owner_id, region, created_at, versioning, object_lock";

    Bucket insert(Connection c, long ownerId, String name, String region, Instant now) throws SQLException {
        return insert(c, ownerId, name, region, now, false);
    }

    /** With {@code objectLock}, the bucket is created with object lock enabled, and so versioning enabled. */
    Bucket insert(Connection c, long ownerId, String name, String region, Instant now, boolean objectLock)
            throws SQLException {
        Versioning versioning = objectLock ? Versioning.ENABLED : Versioning.UNVERSIONED;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bucket (name, owner_id, region, created_at,"
                + " versioning, object_lock) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setLong(2, ownerId);
            ps.setString(3, region);
            Timestamps.set(ps, 4, now);
            ps.setInt(5, versioning.code());
            ps.setBoolean(6, objectLock);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Bucket(keys.getLong(1), name, ownerId, region, Timestamps.truncate(now), versioning,
                        objectLock);
            }
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_ACCOUNT, "no such account");
            }
            if (!SqlErrors.is(e, SqlErrors.DUPLICATE_KEY)) {
                throw e;
            }
        }
        // The name is taken by a committed row (InnoDB waited for any concurrent insert to finish).
        OptionalLong owner = ownerOf(c, name);
        if (owner.isEmpty()) {
            throw new SqlErrors.RetryTransaction("bucket vanished after a name conflict");
        }
        throw owner.getAsLong() == ownerId
                ? new StoreException(Reason.BUCKET_ALREADY_OWNED_BY_YOU, "bucket already owned by you")
                : new StoreException(Reason.BUCKET_ALREADY_EXISTS, "bucket name is taken");
    }

    Optional<Bucket> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM bucket WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    List<Bucket> listOwned(Connection c, long ownerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM bucket WHERE owner_id = ? ORDER BY name")) {
            ps.setLong(1, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Bucket> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        }
    }

    /**
     * Deletes an empty bucket. The NOT EXISTS answers the common case in one statement; the RESTRICT foreign key
     * from {@code object} catches an object committed concurrently.
     */
    /** Whether the bucket holds at least one object or stored version (index probes, not a count). */
    boolean hasObjects(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM object WHERE bucket_id = ?)"
                + " OR EXISTS (SELECT 1 FROM object_version WHERE bucket_id = ?)")) {
            ps.setLong(1, bucketId);
            ps.setLong(2, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    void deleteIfEmpty(Connection c, long bucketId) throws SQLException {
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM bucket WHERE id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM object WHERE bucket_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM object_version WHERE bucket_id = ?)")) {
            ps.setLong(1, bucketId);
            ps.setLong(2, bucketId);
            ps.setLong(3, bucketId);
            deleted = ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.ROW_IS_REFERENCED)) {
                throw notEmpty();
            }
            throw e;
        }
        if (deleted == 1) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM bucket WHERE id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                throw rs.next() ? notEmpty() : new StoreException(Reason.NO_SUCH_BUCKET, "no such bucket");
            }
        }
    }

    /**
     * Sets the versioning state; false when the bucket is gone. INVALID_BUCKET_STATE when it would suspend a bucket
     * with object lock (docs/object-lock.md).
     */
    boolean setVersioning(Connection c, long bucketId, Versioning versioning) throws SQLException {
        if (versioning != Versioning.ENABLED) {
            try (PreparedStatement ps = c.prepareStatement("SELECT object_lock FROM bucket WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, bucketId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        throw new StoreException(Reason.INVALID_BUCKET_STATE,
                                "versioning cannot be suspended on a bucket with object lock");
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE bucket SET versioning = ? WHERE id = ?")) {
            ps.setInt(1, versioning.code());
            ps.setLong(2, bucketId);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM bucket WHERE id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Enables object lock on a bucket whose versioning is enabled (INVALID_BUCKET_STATE otherwise); false when the
     * bucket is gone. Object lock is never turned off.
     */
    boolean enableObjectLock(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT versioning FROM bucket WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (rs.getInt(1) != Versioning.ENABLED.code()) {
                    throw new StoreException(Reason.INVALID_BUCKET_STATE,
                            "object lock needs a bucket whose versioning is enabled");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE bucket SET object_lock = TRUE WHERE id = ?")) {
            ps.setLong(1, bucketId);
            ps.executeUpdate();
        }
        return true;
    }

    BucketContents contents(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM object WHERE bucket_id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new BucketContents(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private static StoreException notEmpty() {
        return new StoreException(Reason.BUCKET_NOT_EMPTY, "bucket is not empty");
    }

    private static OptionalLong ownerOf(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner_id FROM bucket WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * The buckets that have a document of {@code kind}, with it, in bucket id order from {@code afterId}
     * (exclusive), at most {@code limit}.
     */
    List<java.util.Map.Entry<Bucket, String>> withDocument(Connection c, String kind, long afterId, int limit)
            throws SQLException {
        String columns = java.util.Arrays.stream(COLUMNS.split(", ")).map(col -> "b." + col)
                .collect(java.util.stream.Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + ", d.document FROM bucket_document d"
                + " JOIN bucket b ON b.id = d.bucket_id WHERE d.kind = ? AND d.bucket_id > ?"
                + " ORDER BY d.bucket_id LIMIT ?")) {
            ps.setString(1, kind);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<java.util.Map.Entry<Bucket, String>> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(java.util.Map.entry(read(rs), rs.getString("document")));
                }
                return result;
            }
        }
    }

    private static Bucket read(ResultSet rs) throws SQLException {
        return new Bucket(rs.getLong("id"), rs.getString("name"), rs.getLong("owner_id"), rs.getString("region"),
                Timestamps.get(rs, "created_at"), Versioning.ofCode(rs.getInt("versioning")),
                rs.getBoolean("object_lock"));
    }
}
