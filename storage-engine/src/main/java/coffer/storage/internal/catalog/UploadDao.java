package coffer.storage.internal.catalog;

import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadsPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code upload} rows. Listing follows S3 ListMultipartUploads: order by key bytes then upload id, prefix,
 * delimiter roll-up (one seek past a common prefix, as {@link ObjectLister} does), key and upload-id markers.
 * Stateless.
 */
final class UploadDao {
    private static final String COLUMNS = "upload_id, bucket_id, object_key, initiated, content_type,"
            + " content_disposition, content_encoding, content_language, cache_control, expires, user_metadata,"
            + " checksum_algorithm, checksum_type, acl, tags, sse_kms_key_id, sse_bucket_key, lock_mode, lock_until,"
            + " legal_hold";

    /** Rows after {@code (key, uploadId)}: a greater key, or the same key with a greater upload id. */
    private record Cursor(byte[] key, String uploadId) {
    }

    void insert(Connection c, Upload u) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO upload (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, u.uploadId());
            ps.setLong(2, u.bucketId());
            ps.setBytes(3, KeyBytes.utf8(u.key()));
            Timestamps.set(ps, 4, u.initiated());
            int i = ObjectRows.bindMetadata(ps, 5, u.metadata());
            ps.setString(i++, u.checksumAlgorithm());
            ps.setString(i++, u.checksumType());
            ps.setString(i++, u.acl());
            ps.setString(i++, UserMetadataCodec.encode(u.tags()));
            i = ObjectRows.bindEncryption(ps, i, u.encryption());
            ObjectRows.bindLock(ps, i, u.lock());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_BUCKET, "no such bucket");
            }
            throw e;
        }
    }

    /**
     * The upload, locked with {@code lock} (" FOR UPDATE" or " LOCK IN SHARE MODE"); NO_SUCH_UPLOAD when it does
     * not exist or belongs to another bucket or key.
     */
    Upload lock(Connection c, String uploadId, long bucketId, String key, String lock) throws SQLException {
        return find(c, uploadId, bucketId, key, lock)
                .orElseThrow(() -> new StoreException(Reason.NO_SUCH_UPLOAD, "no such upload"));
    }

    /** As {@link #lock}, empty instead of NO_SUCH_UPLOAD. */
    Optional<Upload> find(Connection c, String uploadId, long bucketId, String key, String lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM upload WHERE upload_id = ?"
                + lock)) {
            ps.setString(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Upload u = read(rs);
                    if (u.bucketId() == bucketId && u.key().equals(key)) {
                        return Optional.of(u);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Locks the upload if it exists in bucket {@code bucketId}; false if it is gone (completed, aborted). */
    boolean lockInBucket(Connection c, String uploadId, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM upload WHERE upload_id = ? AND bucket_id = ?"
                + " FOR UPDATE")) {
            ps.setString(1, uploadId);
            ps.setLong(2, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** An upload's id, bucket and key: what the expiry reaper needs to lock it. */
    record Ref(String uploadId, long bucketId, String key) {
    }

    /**
     * Up to {@code limit} uploads idle since before {@code cutoff}: created before it, no part stored since (a
     * plain read; the caller decides again under lock with {@link #noPartSince}). Oldest first, by
     * {@code ix_upload_initiated}.
     */
    List<Ref> idleSince(Connection c, Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT u.upload_id, u.bucket_id, u.object_key FROM upload u"
                + " WHERE u.initiated < ? AND NOT EXISTS (SELECT 1 FROM upload_part p"
                + " WHERE p.upload_id = u.upload_id AND p.last_modified >= ?) ORDER BY u.initiated LIMIT ?")) {
            Timestamps.set(ps, 1, cutoff);
            Timestamps.set(ps, 2, cutoff);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Ref> refs = new ArrayList<>();
                while (rs.next()) {
                    refs.add(new Ref(rs.getString(1), rs.getLong(2), KeyBytes.string(rs.getBytes(3))));
                }
                return refs;
            }
        }
    }

    /**
     * Whether the upload, which the caller has locked for update, has stored no part since {@code cutoff}. A part
     * upload holds a share lock on the upload row until it commits, so a part either committed before (and this
     * locking read sees it) or waits for the caller and then finds no upload.
     */
    boolean noPartSince(Connection c, String uploadId, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT part_number FROM upload_part WHERE upload_id = ?"
                + " AND last_modified >= ? LIMIT 1 LOCK IN SHARE MODE")) {
            ps.setString(1, uploadId);
            Timestamps.set(ps, 2, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        }
    }

    void delete(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload WHERE upload_id = ?")) {
            ps.setString(1, uploadId);
            ps.executeUpdate();
        }
    }

    /** Ids of the bucket's uploads, locked. */
    List<String> idsInBucket(Connection c, long bucketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT upload_id FROM upload WHERE bucket_id = ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    UploadsPage list(Connection c, long bucketId, String prefix, String delimiter, String keyMarker,
                     String uploadIdMarker, int max) throws SQLException {
        List<Upload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (max <= 0) {
            return new UploadsPage(uploads, prefixes, false, null, null);
        }
        byte[] pre = KeyBytes.utf8(prefix == null ? "" : prefix);
        byte[] delim = delimiter == null || delimiter.isEmpty() ? null : KeyBytes.utf8(delimiter);
        byte[] upper = pre.length == 0 ? null : KeyBytes.successor(pre);
        Cursor cursor = start(pre, delim, keyMarker, uploadIdMarker);
        String lastKey = null;
        String lastId = null;
        while (cursor != null) {
            int limit = max - uploads.size() - prefixes.size() + 1;
            List<Upload> rows = seek(c, bucketId, cursor, upper, limit);
            Cursor next = rows.size() < limit ? null
                    : new Cursor(KeyBytes.utf8(rows.get(rows.size() - 1).key()), rows.get(rows.size() - 1).uploadId());
            for (Upload row : rows) {
                if (uploads.size() + prefixes.size() == max) {
                    return new UploadsPage(uploads, prefixes, true, lastKey, lastId);
                }
                byte[] rolled = KeyBytes.rollUp(KeyBytes.utf8(row.key()), pre, delim);
                if (rolled == null) {
                    uploads.add(row);
                    lastKey = row.key();
                    lastId = row.uploadId();
                    continue;
                }
                lastKey = KeyBytes.string(rolled);
                lastId = null;
                prefixes.add(lastKey);
                byte[] after = KeyBytes.successor(rolled);
                next = after == null ? null : new Cursor(after, "");
                break;
            }
            cursor = next;
        }
        return new UploadsPage(uploads, prefixes, false, lastKey, lastId);
    }

    private static Cursor start(byte[] pre, byte[] delim, String keyMarker, String uploadIdMarker) {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return new Cursor(pre, "");
        }
        byte[] marker = KeyBytes.utf8(keyMarker);
        if (KeyBytes.compare(marker, pre) < 0) {
            return new Cursor(pre, "");
        }
        byte[] rolled = KeyBytes.rollUp(marker, pre, delim);
        if (rolled != null) {
            byte[] skip = KeyBytes.successor(rolled);
            return skip == null ? null : new Cursor(skip, "");
        }
        if (uploadIdMarker != null && !uploadIdMarker.isEmpty()) {
            return new Cursor(marker, uploadIdMarker);
        }
        // Without an upload-id-marker, the marker key's own uploads are all skipped: start at key + 0x00.
        return new Cursor(Arrays.copyOf(marker, marker.length + 1), "");
    }

    private static List<Upload> seek(Connection c, long bucketId, Cursor cursor, byte[] upper, int limit)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM upload WHERE bucket_id = ?"
                + " AND (object_key > ? OR (object_key = ? AND upload_id > ?))"
                + (upper == null ? "" : " AND object_key < ?") + " ORDER BY object_key, upload_id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, bucketId);
            ps.setBytes(i++, cursor.key());
            ps.setBytes(i++, cursor.key());
            ps.setString(i++, cursor.uploadId());
            if (upper != null) {
                ps.setBytes(i++, upper);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Upload> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(read(rs));
                }
                return rows;
            }
        }
    }

    /** Records the SSE-C key check of a new upload (see V7). */
    void setCustomerKeyCheck(Connection c, String uploadId, byte[] check) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE upload SET sse_c_key_check = ? WHERE upload_id = ?")) {
            ps.setBytes(1, check);
            ps.setString(2, uploadId);
            ps.executeUpdate();
        }
    }

    /** Replaces the key check with {@code fresh} where it is still {@code old}; whether it did. */
    boolean renewCustomerKeyCheck(Connection c, String uploadId, byte[] old, byte[] fresh) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE upload SET sse_c_key_check = ? WHERE upload_id = ? AND sse_c_key_check = ?")) {
            ps.setBytes(1, fresh);
            ps.setString(2, uploadId);
            ps.setBytes(3, old);
            return ps.executeUpdate() > 0;
        }
    }

    /** The SSE-C key check of an upload, or null when it uses no customer key. */
    byte[] customerKeyCheck(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sse_c_key_check FROM upload WHERE upload_id = ?")) {
            ps.setString(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static Upload read(ResultSet rs) throws SQLException {
        return new Upload(rs.getString("upload_id"), rs.getLong("bucket_id"),
                KeyBytes.string(rs.getBytes("object_key")), Timestamps.get(rs, "initiated"),
                ObjectRows.readMetadata(rs), rs.getString("checksum_algorithm"), rs.getString("checksum_type"),
                rs.getString("acl"), UserMetadataCodec.decode(rs.getString("tags")), ObjectRows.readEncryption(rs),
                ObjectRows.readLock(rs));
    }
}
