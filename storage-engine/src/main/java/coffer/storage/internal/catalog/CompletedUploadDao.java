package coffer.storage.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code completed_upload} rows: which upload made which object ETag under which key, for answering a repeated
 * CompleteMultipartUpload. Stateless.
 */
final class CompletedUploadDao {
    /** Rows purged by one completion at most, so that a backlog never makes one request slow. */
    private static final int PURGE_BATCH = 100;

    /** What one completion produced. */
    record Completion(long bucketId, String key, String etag, String versionId, Instant completedAt) {
    }

    /** {@code versionId}: the version the completion made, null for the null version. */
    void insert(Connection c, String uploadId, long bucketId, String key, String etag, String versionId, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO completed_upload"
                + " (upload_id, bucket_id, object_key, etag, version_id, completed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, uploadId);
            ps.setLong(2, bucketId);
            ps.setBytes(3, KeyBytes.utf8(key));
            ps.setString(4, etag);
            ps.setString(5, versionId);
            Timestamps.set(ps, 6, at);
            ps.executeUpdate();
        }
    }

    Optional<Completion> find(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT bucket_id, object_key, etag, version_id, completed_at FROM completed_upload WHERE upload_id = ?")) {
            ps.setString(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Completion(rs.getLong(1), KeyBytes.string(rs.getBytes(2)), rs.getString(3),
                        rs.getString(4), Timestamps.get(rs, "completed_at")));
            }
        }
    }

    /** Deletes up to {@value #PURGE_BATCH} rows completed before {@code before}. */
    void purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM completed_upload WHERE completed_at < ? LIMIT " + PURGE_BATCH)) {
            Timestamps.set(ps, 1, before);
            ps.executeUpdate();
        }
    }
}
