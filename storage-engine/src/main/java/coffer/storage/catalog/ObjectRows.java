package coffer.storage.catalog;

import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/** Maps {@code object} rows to {@link ObjectRecord}s and back. */
final class ObjectRows {
    /** Every column of {@code object}, in the order {@link #bindValues} binds them after the key. */
    static final String COLUMNS = "bucket_id, object_key, size, etag, last_modified, content_type,"
            + " content_disposition, content_encoding, content_language, cache_control, expires, user_metadata,"
            + " blob_id, blob_md5, key_version, wrapped_key";
    static final String VALUE_COLUMNS = "size = ?, etag = ?, last_modified = ?, content_type = ?,"
            + " content_disposition = ?, content_encoding = ?, content_language = ?, cache_control = ?,"
            + " expires = ?, user_metadata = ?, blob_id = ?, blob_md5 = ?, key_version = ?, wrapped_key = ?";
    static final int VALUE_COUNT = 14;

    private ObjectRows() {
    }

    /** Binds the 14 non-key columns starting at {@code first}. */
    static void bindValues(PreparedStatement ps, int first, ObjectRecord r) throws SQLException {
        ObjectMetadata m = r.metadata();
        StoredBlob b = r.blob();
        int i = first;
        ps.setLong(i++, r.size());
        ps.setString(i++, r.etag());
        Timestamps.set(ps, i++, r.lastModified());
        ps.setString(i++, m.contentType());
        ps.setString(i++, m.contentDisposition());
        ps.setString(i++, m.contentEncoding());
        ps.setString(i++, m.contentLanguage());
        ps.setString(i++, m.cacheControl());
        ps.setString(i++, m.expires());
        ps.setString(i++, UserMetadataCodec.encode(m.userMetadata()));
        ps.setString(i++, b.id().value());
        ps.setBytes(i++, b.md5());
        ps.setInt(i++, b.keyVersion());
        ps.setBytes(i, b.wrappedKey());
    }

    /** The key as stored, for listing, which needs it as bytes. */
    static byte[] keyBytes(ResultSet rs) throws SQLException {
        return rs.getBytes("object_key");
    }

    static ObjectRecord read(ResultSet rs) throws SQLException {
        ObjectMetadata metadata = new ObjectMetadata(rs.getString("content_type"),
                rs.getString("content_disposition"), rs.getString("content_encoding"),
                rs.getString("content_language"), rs.getString("cache_control"), rs.getString("expires"),
                UserMetadataCodec.decode(rs.getString("user_metadata")));
        long size = rs.getLong("size");
        StoredBlob blob = new StoredBlob(new BlobId(rs.getString("blob_id")), size, rs.getBytes("blob_md5"),
                rs.getInt("key_version"), rs.getBytes("wrapped_key"));
        return new ObjectRecord(rs.getLong("bucket_id"), KeyBytes.string(keyBytes(rs)), size, rs.getString("etag"),
                Timestamps.get(rs, "last_modified"), metadata, blob);
    }

    static String hexMd5(StoredBlob blob) {
        return HexFormat.of().formatHex(blob.md5());
    }
}
