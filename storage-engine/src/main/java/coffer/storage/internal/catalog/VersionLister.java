package coffer.storage.internal.catalog;

import coffer.storage.ObjectRecord;
import coffer.storage.ObjectVersion;
import coffer.storage.VersionPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ListObjectVersions over the two tables a key's versions live in (docs/versioning.md): the current row in
 * {@code object}, the others in {@code object_version}, whose primary key order is each key's versions newest
 * first. Each round seeks both tables from the cursor (range scans on their primary keys) and merges them in
 * (key bytes, newest first) order, the current row first; a key that rolls up into a common prefix P resumes both
 * scans at the successor of P. Stateless.
 */
final class VersionLister {
    private static final int MAX_BATCH = 1000;
    /** The order of a current row: before every stored version of its key. */
    private static final String CURRENT = "";

    /**
     * Where the next seek starts: keys from {@code from} ({@code inclusive}: its current row too); with
     * {@code afterOrder}, the stored versions of {@code from} after that order key, else none of them.
     */
    private record Cursor(byte[] from, boolean inclusive, String afterOrder) {
    }

    /** One merged entry: a key's current row (order {@link #CURRENT}) or a stored version. */
    private record Entry(byte[] key, String order, ObjectRecord current, ObjectVersion stored) {
        int compareTo(Entry o) {
            int byKey = KeyBytes.compare(key, o.key);
            return byKey != 0 ? byKey : order.compareTo(o.order);
        }
    }

    VersionPage list(Connection c, long bucketId, String prefix, String delimiter, String keyMarker,
                     String versionIdMarker, int maxKeys) throws SQLException {
        List<ObjectVersion> versions = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (maxKeys <= 0) {
            return new VersionPage(versions, prefixes, false, null, null);
        }
        byte[] pre = KeyBytes.utf8(prefix == null ? "" : prefix);
        byte[] delim = delimiter == null || delimiter.isEmpty() ? null : KeyBytes.utf8(delimiter);
        byte[] upper = pre.length == 0 ? null : KeyBytes.successor(pre);
        Cursor cursor = start(c, bucketId, pre, delim, keyMarker, versionIdMarker);
        // The key whose entries have begun (a later stored version of it is not the latest).
        byte[] begun = cursor != null && cursor.afterOrder() != null ? cursor.from() : null;
        List<Object> items = new ArrayList<>();
        while (cursor != null && items.size() <= maxKeys) {
            int limit = Math.min(maxKeys + 1 - items.size(), MAX_BATCH) + 1;
            List<Entry> currents = seekCurrent(c, bucketId, cursor, upper, limit);
            List<Entry> stored = seekStored(c, bucketId, cursor, upper, limit);
            // Entries are in order only up to the last one of a table that returned a full batch.
            Entry bound = null;
            if (currents.size() == limit) {
                bound = currents.get(currents.size() - 1);
            }
            if (stored.size() == limit) {
                Entry last = stored.get(stored.size() - 1);
                bound = bound == null || last.compareTo(bound) < 0 ? last : bound;
            }
            List<Entry> merged = merge(currents, stored, bound);
            Cursor next = bound == null ? null : new Cursor(bound.key(), false, bound.order());
            for (Entry e : merged) {
                if (items.size() > maxKeys) {
                    break;
                }
                byte[] rolled = KeyBytes.rollUp(e.key(), pre, delim);
                if (rolled != null) {
                    items.add(KeyBytes.string(rolled));
                    byte[] after = KeyBytes.successor(rolled);
                    next = after == null ? null : new Cursor(after, true, null);
                    begun = null;
                    break;
                }
                boolean first = begun == null || !Arrays.equals(begun, e.key());
                items.add(e.current() != null ? ObjectVersion.of(e.current(), true)
                        : withLatest(e.stored(), first));
                begun = e.key();
            }
            cursor = next;
        }
        boolean truncated = items.size() > maxKeys;
        List<Object> page = truncated ? items.subList(0, maxKeys) : items;
        for (Object item : page) {
            if (item instanceof ObjectVersion v) {
                versions.add(v);
            } else {
                prefixes.add((String) item);
            }
        }
        Object last = page.isEmpty() ? null : page.get(page.size() - 1);
        String nextKey = last instanceof ObjectVersion v ? v.key() : (String) last;
        String nextVersion = last instanceof ObjectVersion v ? v.versionId() : null;
        return new VersionPage(versions, prefixes, truncated, truncated ? nextKey : null,
                truncated ? nextVersion : null);
    }

    private static ObjectVersion withLatest(ObjectVersion v, boolean latest) {
        return new ObjectVersion(v.key(), v.versionId(), v.lastModified(), v.deleteMarker(), latest, v.object());
    }

    /** Both lists merged in order, up to {@code bound} inclusive (null: all). */
    private static List<Entry> merge(List<Entry> a, List<Entry> b, Entry bound) {
        List<Entry> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            Entry e = j >= b.size() || (i < a.size() && a.get(i).compareTo(b.get(j)) <= 0) ? a.get(i++) : b.get(j++);
            if (bound != null && e.compareTo(bound) > 0) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /**
     * The first cursor: from the prefix, or after {@code keyMarker} (all its versions, or those up to
     * {@code versionIdMarker}). A marker that rolls up into a common prefix starts after everything under it.
     */
    private static Cursor start(Connection c, long bucketId, byte[] pre, byte[] delim, String keyMarker,
                                String versionIdMarker) throws SQLException {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return new Cursor(pre, true, null);
        }
        byte[] marker = KeyBytes.utf8(keyMarker);
        if (KeyBytes.compare(marker, pre) < 0) {
            return new Cursor(pre, true, null);
        }
        byte[] rolled = KeyBytes.rollUp(marker, pre, delim);
        if (rolled != null) {
            byte[] after = KeyBytes.successor(rolled);
            return after == null ? null : new Cursor(after, true, null);
        }
        if (versionIdMarker == null || versionIdMarker.isEmpty()) {
            return new Cursor(marker, false, null);
        }
        return new Cursor(marker, false, markerOrder(c, bucketId, marker, versionIdMarker));
    }

    /** The order key of version {@code wireId} of {@code key}: {@link #CURRENT} for its current row. */
    private static String markerOrder(Connection c, long bucketId, byte[] key, String wireId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version_id FROM object WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String current = rs.getString(1);
                    if (wireId.equals(current == null ? ObjectVersion.NULL_ID : current)) {
                        return CURRENT;
                    }
                }
            }
        }
        if (!ObjectVersion.NULL_ID.equals(wireId)) {
            return wireId;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT version_id FROM object_version"
                + " WHERE bucket_id = ? AND object_key = ? AND null_version")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                // No null version: nothing of the key is left to list.
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<Entry> seekCurrent(Connection c, long bucketId, Cursor cursor, byte[] upper, int limit)
            throws SQLException {
        List<Entry> rows = new ArrayList<>();
        for (ObjectLister.Row row : ObjectLister.seek(c, bucketId, cursor.from(), cursor.inclusive(), upper, limit)) {
            rows.add(new Entry(row.key(), CURRENT, row.record(), null));
        }
        return rows;
    }

    private static List<Entry> seekStored(Connection c, long bucketId, Cursor cursor, byte[] upper, int limit)
            throws SQLException {
        String from = cursor.inclusive() ? "object_key >= ?"
                : cursor.afterOrder() == null ? "object_key > ?"
                : "((object_key = ? AND version_id > ?) OR object_key > ?)";
        String sql = "SELECT " + ObjectRows.COLUMNS + ", null_version, delete_marker FROM object_version"
                + " WHERE bucket_id = ? AND " + from + (upper == null ? "" : " AND object_key < ?")
                + " ORDER BY object_key, version_id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, bucketId);
            ps.setBytes(i++, cursor.from());
            if (!cursor.inclusive() && cursor.afterOrder() != null) {
                ps.setString(i++, cursor.afterOrder());
                ps.setBytes(i++, cursor.from());
            }
            if (upper != null) {
                ps.setBytes(i++, upper);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Entry> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Entry(ObjectRows.keyBytes(rs), rs.getString("version_id"), null,
                            VersionDao.readVersion(rs, false, false)));
                }
                return rows;
            }
        }
    }
}
