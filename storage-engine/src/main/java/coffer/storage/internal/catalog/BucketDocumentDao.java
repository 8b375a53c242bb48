package coffer.storage.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
