package coffer.storage.internal.catalog;

import coffer.storage.DefaultEncryption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A bucket's settings: its canned ACL, its CORS configuration and its default encryption. Stateless. */
final class BucketSettingsDao {

    String acl(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT acl FROM bucket WHERE id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "private";
            }
        }
    }

    /**
     * Returns whether the bucket still exists. The row is locked first: with affected-row counts an UPDATE that
     * writes the value already there reports 0 rows, which must not read as "no such bucket".
     */
    boolean setAcl(Connection c, long bucketId, String acl) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT id FROM bucket WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, bucketId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE bucket SET acl = ? WHERE id = ?")) {
            ps.setString(1, acl);
            ps.setLong(2, bucketId);
            ps.executeUpdate();
            return true;
        }
    }

    Optional<String> cors(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT configuration FROM bucket_cors WHERE bucket_id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void putCors(Connection c, long bucketId, String configuration) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bucket_cors (bucket_id, configuration) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE configuration = VALUES(configuration)")) {
            ps.setLong(1, bucketId);
            ps.setString(2, configuration);
            ps.executeUpdate();
        }
    }

    void deleteCors(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM bucket_cors WHERE bucket_id = ?")) {
            ps.setLong(1, bucketId);
            ps.executeUpdate();
        }
    }

    Optional<DefaultEncryption> encryption(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sse_algorithm, kms_key_id, bucket_key_enabled"
                + " FROM bucket_encryption WHERE bucket_id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new DefaultEncryption(rs.getString(1), rs.getString(2),
                        rs.getBoolean(3))) : Optional.empty();
            }
        }
    }

    void putEncryption(Connection c, long bucketId, DefaultEncryption e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bucket_encryption (bucket_id, sse_algorithm,"
                + " kms_key_id, bucket_key_enabled) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                + " sse_algorithm = VALUES(sse_algorithm), kms_key_id = VALUES(kms_key_id),"
                + " bucket_key_enabled = VALUES(bucket_key_enabled)")) {
            ps.setLong(1, bucketId);
            ps.setString(2, e.algorithm());
            ps.setString(3, e.kmsKeyId());
            ps.setBoolean(4, e.bucketKeyEnabled());
            ps.executeUpdate();
        }
    }

    void deleteEncryption(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM bucket_encryption WHERE bucket_id = ?")) {
            ps.setLong(1, bucketId);
            ps.executeUpdate();
        }
    }
}
