package coffer.storage.internal.catalog;

import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.multipart.UploadPart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code upload_part} rows of open uploads. Callers lock the upload row first. Stateless. */
final class UploadPartDao {
    private static final String COLUMNS = "part_number, size, last_modified, blob_id, blob_md5, key_version,"
            + " wrapped_key, checksum";

    /** A replaced part: its blob and plaintext size. */
    record Replaced(BlobId blob, long size) {
    }

    /** Inserts or replaces part {@code partNumber}; returns the part it replaced. */
    Optional<Replaced> put(Connection c, String uploadId, UploadPart part) throws SQLException {
        Optional<Replaced> old;
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id, size FROM upload_part"
                + " WHERE upload_id = ? AND part_number = ? FOR UPDATE")) {
            ps.setString(1, uploadId);
            ps.setInt(2, part.partNumber());
            try (ResultSet rs = ps.executeQuery()) {
                old = rs.next() ? Optional.of(new Replaced(new BlobId(rs.getString(1)), rs.getLong(2)))
                        : Optional.empty();
            }
        }
        String sql = old.isPresent()
                ? "UPDATE upload_part SET size = ?, last_modified = ?, blob_id = ?, blob_md5 = ?, key_version = ?,"
                        + " wrapped_key = ?, checksum = ? WHERE upload_id = ? AND part_number = ?"
                : "INSERT INTO upload_part (size, last_modified, blob_id, blob_md5, key_version, wrapped_key,"
                        + " checksum, upload_id, part_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        StoredBlob b = part.blob();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, b.size());
            Timestamps.set(ps, 2, part.lastModified());
            ps.setString(3, b.id().value());
            ps.setBytes(4, b.md5());
            ps.setInt(5, b.keyVersion());
            ps.setBytes(6, b.wrappedKey());
            ps.setString(7, part.checksum());
            ps.setString(8, uploadId);
            ps.setInt(9, part.partNumber());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.DUPLICATE_KEY)) {
                throw new SqlErrors.RetryTransaction("lost an insert race on one part");
            }
            throw e;
        }
        return old;
    }

    /** Up to {@code limit} parts numbered above {@code after}, in order; {@code lock} appends a locking clause. */
    List<UploadPart> list(Connection c, String uploadId, int after, int limit, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM upload_part"
                + " WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?" + lock)) {
            ps.setString(1, uploadId);
            ps.setInt(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<UploadPart> parts = new ArrayList<>();
                while (rs.next()) {
                    StoredBlob blob = new StoredBlob(new BlobId(rs.getString("blob_id")), rs.getLong("size"),
                            rs.getBytes("blob_md5"), rs.getInt("key_version"), rs.getBytes("wrapped_key"));
                    parts.add(new UploadPart(rs.getInt("part_number"), Timestamps.get(rs, "last_modified"), blob,
                            rs.getString("checksum")));
                }
                return parts;
            }
        }
    }

    /** Every part, locked for update (Complete). */
    List<UploadPart> all(Connection c, String uploadId) throws SQLException {
        return list(c, uploadId, 0, Integer.MAX_VALUE, " FOR UPDATE");
    }

    void deleteAll(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload_part WHERE upload_id = ?")) {
            ps.setString(1, uploadId);
            ps.executeUpdate();
        }
    }
}
