package coffer.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import javax.sql.DataSource;

/** Inserts many object rows directly (with made-up blobs), for listing tests that need thousands of keys. */
final class BulkRows {
    private BulkRows() {
    }

    static void insert(DataSource db, long bucketId, List<String> keys) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO object"
                + " (bucket_id, object_key, size, etag, last_modified, blob_id, blob_md5, key_version, wrapped_key)"
                + " VALUES (?, ?, 0, 'd41d8cd98f00b204e9800998ecf8427e', ?, ?, ?, 1, ?)")) {
            c.setAutoCommit(false);
            int n = 0;
            for (String key : keys) {
                ps.setLong(1, bucketId);
                ps.setBytes(2, key.getBytes(StandardCharsets.UTF_8));
                ps.setObject(3, LocalDateTime.of(2025, 1, 1, 0, 0));
                ps.setString(4, String.format("%032x", ++n));
                ps.setBytes(5, new byte[16]);
                ps.setBytes(6, new byte[8]);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }
}
