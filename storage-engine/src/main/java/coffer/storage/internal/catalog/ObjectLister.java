package coffer.storage.internal.catalog;

import coffer.storage.ListPage;
import coffer.storage.ObjectRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists one bucket's keys in UTF-8 byte order, as S3 ListObjects does: range scans on the primary key
 * {@code (bucket_id, object_key)}. When a key rolls up into a common prefix P, the scan resumes at the successor
 * of P's bytes with one new seek, so the keys under P are never walked.
 *
 * <p>Each seek fetches a batch. Without a delimiter every fetched row is returned, so the batch is what the page
 * still needs plus one (to tell whether it is truncated). With a delimiter, rows fetched after a roll-up are
 * wasted, so batches start at {@link #FIRST_ROLLUP_BATCH} and double only while no roll-up interrupts them: rows
 * read under a prefix stay bounded by that batch, and a flat listing still needs few round trips. Stateless.
 */
final class ObjectLister {
    /** Upper bound on rows fetched by one seek. */
    private static final int MAX_BATCH = 1000;
    /** First batch when a delimiter is given. */
    static final int FIRST_ROLLUP_BATCH = 16;

    /** Where the next seek starts. */
    private record Cursor(byte[] from, boolean inclusive) {
    }

    record Row(byte[] key, ObjectRecord record) {
    }

    ListPage list(Connection c, long bucketId, String prefix, String delimiter, String startAfter, int maxKeys)
            throws SQLException {
        List<ObjectRecord> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (maxKeys <= 0) {
            return new ListPage(contents, prefixes, false, null);
        }
        byte[] pre = KeyBytes.utf8(prefix == null ? "" : prefix);
        byte[] delim = delimiter == null || delimiter.isEmpty() ? null : KeyBytes.utf8(delimiter);
        byte[] upper = pre.length == 0 ? null : KeyBytes.successor(pre);
        Cursor cursor = start(pre, delim, startAfter);
        String last = null;
        int batch = delim == null ? MAX_BATCH : FIRST_ROLLUP_BATCH;
        while (cursor != null) {
            int limit = Math.min(maxKeys - contents.size() - prefixes.size(), batch) + 1;
            List<Row> rows = seek(c, bucketId, cursor.from(), cursor.inclusive(), upper, limit);
            Cursor next = rows.size() < limit ? null : new Cursor(rows.get(rows.size() - 1).key(), false);
            boolean skipped = false;
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                byte[] rolled = KeyBytes.rollUp(row.key(), pre, delim);
                if (contents.size() + prefixes.size() == maxKeys) {
                    return new ListPage(contents, prefixes, true, last);
                }
                if (rolled == null) {
                    contents.add(row.record());
                    last = row.record().key();
                    continue;
                }
                last = KeyBytes.string(rolled);
                prefixes.add(last);
                boolean nextRowIsUnder = i + 1 < rows.size() && KeyBytes.startsWith(rows.get(i + 1).key(), rolled);
                boolean batchEndsHere = i + 1 == rows.size();
                if (nextRowIsUnder || (batchEndsHere && next != null)) {
                    // Skip every key under the prefix in one seek.
                    byte[] after = KeyBytes.successor(rolled);
                    next = after == null ? null : new Cursor(after, true);
                    skipped = true;
                    break;
                }
                // Otherwise the next fetched row is already past the prefix: keep consuming this batch.
            }
            batch = skipped ? FIRST_ROLLUP_BATCH : Math.min(batch * 2, MAX_BATCH);
            cursor = next;
        }
        return new ListPage(contents, prefixes, false, last);
    }

    /**
     * The first seek: from the prefix (inclusive), or just after {@code startAfter} when that is later. If
     * {@code startAfter} itself rolls up into a common prefix (a marker that was a CommonPrefix, or a key under
     * one), that prefix was already returned, so start after all of its keys.
     */
    private static Cursor start(byte[] pre, byte[] delim, String startAfter) {
        if (startAfter == null || startAfter.isEmpty()) {
            return new Cursor(pre, true);
        }
        byte[] after = KeyBytes.utf8(startAfter);
        if (KeyBytes.compare(after, pre) < 0) {
            return new Cursor(pre, true);
        }
        byte[] rolled = KeyBytes.rollUp(after, pre, delim);
        if (rolled == null) {
            return new Cursor(after, false);
        }
        byte[] skip = KeyBytes.successor(rolled);
        return skip == null ? null : new Cursor(skip, true);
    }

    /**
     * Up to {@code limit} current objects of a bucket in key order from {@code from} (inclusive or not), below
     * {@code upper} when it is not null. Also the current rows of a version listing ({@link VersionLister}).
     */
    static List<Row> seek(Connection c, long bucketId, byte[] from, boolean inclusive, byte[] upper, int limit)
            throws SQLException {
        String sql = "SELECT " + ObjectRows.COLUMNS + " FROM object WHERE bucket_id = ? AND object_key "
                + (inclusive ? ">=" : ">") + " ?"
                + (upper == null ? "" : " AND object_key < ?")
                + " ORDER BY object_key LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, bucketId);
            ps.setBytes(i++, from);
            if (upper != null) {
                ps.setBytes(i++, upper);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(ObjectRows.keyBytes(rs), ObjectRows.read(rs)));
                }
                return rows;
            }
        }
    }
}
