package coffer.storage.internal.catalog;

import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code object_part} rows of multipart objects: part position 1..N, size, cumulative plaintext offset and
 * blob locator. Written and removed only together with their {@code object} row, in its transaction. Stateless.
 */
final class ManifestDao {

    /** {@code checksums} is empty or holds one (nullable) checksum per part. */
    void insert(Connection c, long bucketId, byte[] key, List<StoredBlob> parts, List<String> checksums)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_part (bucket_id, object_key,"
                + " part_number, size, start_offset, blob_id, blob_md5, key_version, wrapped_key, checksum)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long offset = 0;
            for (int i = 0; i < parts.size(); i++) {
                StoredBlob b = parts.get(i);
                ps.setLong(1, bucketId);
                ps.setBytes(2, key);
                ps.setInt(3, i + 1);
                ps.setLong(4, b.size());
                ps.setLong(5, offset);
                ps.setString(6, b.id().value());
                ps.setBytes(7, b.md5());
                ps.setInt(8, b.keyVersion());
                ps.setBytes(9, b.wrappedKey());
                ps.setString(10, checksums.isEmpty() ? null : checksums.get(i));
                ps.addBatch();
                offset += b.size();
            }
            ps.executeBatch();
        }
    }

    /** Removes the manifest of one object; returns the blobs it named. */
    List<BlobId> delete(Connection c, long bucketId, byte[] key) throws SQLException {
        List<BlobId> blobs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM object_part"
                + " WHERE bucket_id = ? AND object_key = ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blobs.add(new BlobId(rs.getString(1)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM object_part WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.executeUpdate();
        }
        return blobs;
    }

    /** Reads one manifest row joined as {@code p_*} columns; null when the join found none. */
    static StoredBlob readJoined(ResultSet rs) throws SQLException {
        String id = rs.getString("p_blob_id");
        return id == null ? null : new StoredBlob(new BlobId(id), rs.getLong("p_size"), rs.getBytes("p_md5"),
                rs.getInt("p_key_version"), rs.getBytes("p_wrapped_key"));
    }

    static final String JOINED_COLUMNS = "p.size AS p_size, p.blob_id AS p_blob_id, p.blob_md5 AS p_md5,"
            + " p.key_version AS p_key_version, p.wrapped_key AS p_wrapped_key, p.checksum AS p_checksum";

    /** The joined part's checksum (read after {@link #readJoined} found a part). */
    static String readJoinedChecksum(ResultSet rs) throws SQLException {
        return rs.getString("p_checksum");
    }
}
