package coffer.storage.internal.catalog;

import coffer.storage.ObjectAttributes;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectLock;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;

/**
 * Maps {@code object} rows to {@link ObjectRecord}s and back. A multipart object's row has NULL blob columns and
 * {@code part_count > 0}; its blobs live in {@code object_part} ({@link ManifestDao}).
 */
final class ObjectRows {
    /**
     * The columns {@code object} shares with {@code object_version} but {@code version_id}, whose meaning differs
     * (docs/versioning.md): a version moves between them with {@code INSERT ... SELECT} of these.
     */
    static final String SHARED_COLUMNS = "bucket_id, object_key, size, etag, last_modified, content_type,"
            + " content_disposition, content_encoding, content_language, cache_control, expires, user_metadata,"
            + " blob_id, blob_md5, key_version, wrapped_key, part_count, checksum_algorithm, checksum_type,"
            + " checksum_value, acl, tags, sse_kms_key_id, sse_bucket_key, lock_mode, lock_until, legal_hold";
    /** Every column of {@code object}, in the order {@link #bindValues} binds them after the key. */
    static final String COLUMNS = SHARED_COLUMNS + ", version_id";
    static final String VALUE_COLUMNS = "size = ?, etag = ?, last_modified = ?, content_type = ?,"
            + " content_disposition = ?, content_encoding = ?, content_language = ?, cache_control = ?,"
            + " expires = ?, user_metadata = ?, blob_id = ?, blob_md5 = ?, key_version = ?, wrapped_key = ?,"
            + " part_count = ?, checksum_algorithm = ?, checksum_type = ?, checksum_value = ?, acl = ?, tags = ?,"
            + " sse_kms_key_id = ?, sse_bucket_key = ?, lock_mode = ?, lock_until = ?, legal_hold = ?,"
            + " version_id = ?";
    static final int VALUE_COUNT = 26;

    private ObjectRows() {
    }

    /** {@link #COLUMNS}, each prefixed with a table alias, for joins. */
    static String columns(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** Binds the 26 non-key columns starting at {@code first}. */
    static void bindValues(PreparedStatement ps, int first, ObjectRecord r) throws SQLException {
        ObjectMetadata m = r.metadata();
        int i = first;
        ps.setLong(i++, r.size());
        ps.setString(i++, r.etag());
        Timestamps.set(ps, i++, r.lastModified());
        i = bindMetadata(ps, i, m);
        if (r.isMultipart()) {
            ps.setNull(i++, Types.CHAR);
            ps.setNull(i++, Types.BINARY);
            ps.setNull(i++, Types.INTEGER);
            ps.setNull(i++, Types.VARBINARY);
        } else {
            StoredBlob b = r.blob();
            ps.setString(i++, b.id().value());
            ps.setBytes(i++, b.md5());
            ps.setInt(i++, b.keyVersion());
            ps.setBytes(i++, b.wrappedKey());
        }
        ps.setInt(i++, r.partCount());
        i = bindAttributes(ps, i, r.attributes());
        i = bindEncryption(ps, i, r.attributes().encryption());
        i = bindLock(ps, i, r.attributes().lock());
        ps.setString(i, r.versionId());
    }

    /** Binds sse_kms_key_id, sse_bucket_key; returns the next index. */
    static int bindEncryption(PreparedStatement ps, int first, ObjectEncryption e) throws SQLException {
        ps.setString(first, e.kmsKeyId());
        ps.setBoolean(first + 1, e.bucketKeyEnabled());
        return first + 2;
    }

    /** Binds lock_mode, lock_until, legal_hold; returns the next index. */
    static int bindLock(PreparedStatement ps, int first, ObjectLock lock) throws SQLException {
        ps.setString(first, lock.mode() == null ? null : lock.mode().name());
        if (lock.retainUntil() == null) {
            ps.setNull(first + 1, Types.TIMESTAMP);
        } else {
            Timestamps.set(ps, first + 1, lock.retainUntil());
        }
        ps.setBoolean(first + 2, lock.legalHold());
        return first + 3;
    }

    /** The object lock of an object, version or upload row (docs/object-lock.md). */
    static ObjectLock readLock(ResultSet rs) throws SQLException {
        String mode = rs.getString("lock_mode");
        boolean hold = rs.getBoolean("legal_hold");
        if (mode == null && !hold) {
            return ObjectLock.NONE;
        }
        return new ObjectLock(ObjectLock.mode(mode), mode == null ? null : Timestamps.get(rs, "lock_until"), hold);
    }

    /** The encryption of an object or upload row. */
    static ObjectEncryption readEncryption(ResultSet rs) throws SQLException {
        return new ObjectEncryption(rs.getString("sse_kms_key_id"), rs.getBoolean("sse_bucket_key"));
    }

    /** Binds checksum_algorithm, checksum_type, checksum_value, acl, tags; returns the next index. */
    static int bindAttributes(PreparedStatement ps, int first, ObjectAttributes a) throws SQLException {
        int i = first;
        ObjectChecksum c = a.checksum();
        ps.setString(i++, c == null ? null : c.algorithm());
        ps.setString(i++, c == null ? null : c.type());
        ps.setString(i++, c == null ? null : c.value());
        ps.setString(i++, a.acl());
        ps.setString(i++, UserMetadataCodec.encode(a.tags()));
        return i;
    }

    /** The attributes of a row (without part checksums, which live in the manifest). */
    static ObjectAttributes readAttributes(ResultSet rs) throws SQLException {
        String algorithm = rs.getString("checksum_algorithm");
        String type = rs.getString("checksum_type");
        String value = rs.getString("checksum_value");
        ObjectChecksum checksum = algorithm == null || type == null || value == null ? null
                : new ObjectChecksum(algorithm, type, value);
        return new ObjectAttributes(checksum, rs.getString("acl"), UserMetadataCodec.decode(rs.getString("tags")),
                List.of(), readEncryption(rs), readLock(rs));
    }

    /** Binds the seven header columns (content_type .. user_metadata); returns the next index. */
    static int bindMetadata(PreparedStatement ps, int first, ObjectMetadata m) throws SQLException {
        int i = first;
        ps.setString(i++, m.contentType());
        ps.setString(i++, m.contentDisposition());
        ps.setString(i++, m.contentEncoding());
        ps.setString(i++, m.contentLanguage());
        ps.setString(i++, m.cacheControl());
        ps.setString(i++, m.expires());
        ps.setString(i++, UserMetadataCodec.encode(m.userMetadata()));
        return i;
    }

    static ObjectMetadata readMetadata(ResultSet rs) throws SQLException {
        return new ObjectMetadata(rs.getString("content_type"),
                rs.getString("content_disposition"), rs.getString("content_encoding"),
                rs.getString("content_language"), rs.getString("cache_control"), rs.getString("expires"),
                UserMetadataCodec.decode(rs.getString("user_metadata")));
    }

    /** The key as stored, for listing, which needs it as bytes. */
    static byte[] keyBytes(ResultSet rs) throws SQLException {
        return rs.getBytes("object_key");
    }

    /** The row; a multipart object's parts are passed in, or empty when not loaded (listings). */
    static ObjectRecord read(ResultSet rs, List<StoredBlob> parts) throws SQLException {
        long size = rs.getLong("size");
        int partCount = rs.getInt("part_count");
        List<StoredBlob> blobs = partCount > 0 ? parts
                : List.of(new StoredBlob(new BlobId(rs.getString("blob_id")), size, rs.getBytes("blob_md5"),
                        rs.getInt("key_version"), rs.getBytes("wrapped_key")));
        return new ObjectRecord(rs.getLong("bucket_id"), KeyBytes.string(keyBytes(rs)), size, rs.getString("etag"),
                Timestamps.get(rs, "last_modified"), readMetadata(rs), blobs, partCount, readAttributes(rs),
                rs.getString("version_id"));
    }

    static ObjectRecord read(ResultSet rs) throws SQLException {
        return read(rs, List.of());
    }

    static String hexMd5(StoredBlob blob) {
        return HexFormat.of().formatHex(blob.md5());
    }
}
