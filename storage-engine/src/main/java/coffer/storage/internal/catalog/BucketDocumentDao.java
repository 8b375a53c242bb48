package coffer.storage.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code bucket_document} rows: one opaque document per bucket and kind. Stateless. */
final class BucketDocumentDao {

    Optional<String> find(Connection c, long bucketId, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT document FROM bucket_document WHERE bucket_id = ? AND kind = ?")) {
            ps.setLong(1, bucketId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Every document of the bucket, by kind. */
    Map<String, String> all(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, document FROM bucket_document WHERE bucket_id = ?")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> documents = new HashMap<>();
                while (rs.next()) {
                    documents.put(rs.getString(1), rs.getString(2));
                }
                return Map.copyOf(documents);
            }
        }
    }

    /** Inserts or replaces; a missing bucket fails the foreign key (NO_REFERENCED_ROW). */
    void put(Connection c, long bucketId, String kind, String document) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bucket_document (bucket_id, kind, document)"
                + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE document = VALUES(document)")) {
            ps.setLong(1, bucketId);
            ps.setString(2, kind);
            ps.setString(3, document);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, long bucketId, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM bucket_document WHERE bucket_id = ? AND kind = ?")) {
            ps.setLong(1, bucketId);
            ps.setString(2, kind);
            ps.executeUpdate();
        }
    }
}
