package coffer.storage.internal.catalog;

import coffer.storage.blob.BlobId;
import coffer.storage.blob.BlobKind;
import coffer.storage.blob.StoredBlob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What reconciliation and the scrub ask the catalog: which blobs are referenced, and every row that names a blob,
 * page by page (keyset paging: each page is one short autocommit read, so a long walk holds no locks and no
 * connection between pages).
 *
 * <p>Every place that names a blob is here: {@code object.blob_id} (single-blob objects), {@code object_part}
 * (completed multipart objects), {@code upload_part} (open uploads) and {@code gc_queue} (blobs in their grace
 * period, which a GET may still be streaming). A new table that names blobs must be added to {@code NAMING_TABLES},
 * or reconciliation would free its blobs. Thread-safe and stateless.
 */
public final class IntegrityCatalog {
    /** Every table with a {@code blob_id} column that keeps a blob alive (gc_queue aside): one list for both checks. */
    private static final List<String> NAMING_TABLES =
            List.of("object", "object_part", "object_version", "object_version_part", "upload_part");

    private final Transactions tx;

    public IntegrityCatalog(DataSource db) {
        this.tx = new Transactions(db);
    }

    /**
     * The ids among {@code ids} that some row names: an object, a part of a completed or open multipart upload,
     * or a {@code gc_queue} entry (still inside its grace period, or waiting for the collector).
     */
    public Set<BlobId> referenced(Collection<BlobId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<BlobId> list = List.copyOf(ids);
        String in = " WHERE blob_id IN (" + "?,".repeat(list.size() - 1) + "?)";
        List<String> tables = new ArrayList<>(NAMING_TABLES);
        tables.add("gc_queue");
        String sql = tables.stream().map(t -> "SELECT blob_id FROM " + t + in)
                .collect(Collectors.joining(" UNION "));
        return tx.read("referencedBlobs", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (int table = 0; table < tables.size(); table++) {
                    for (BlobId id : list) {
                        ps.setString(i++, id.value());
                    }
                }
                Set<BlobId> found = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new BlobId(rs.getString(1)));
                    }
                }
                return found;
            }
        });
    }

    /** Whether an object, object part or upload part still names {@code id} (the gc_queue does not count). */
    public boolean stillNamed(BlobId id) {
        String sql = "SELECT " + NAMING_TABLES.stream()
                .map(t -> "EXISTS (SELECT 1 FROM " + t + " WHERE blob_id = ?)").collect(Collectors.joining(" OR "));
        return tx.read("blobStillNamed", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 1; i <= NAMING_TABLES.size(); i++) {
                    ps.setString(i, id.value());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * Up to {@code limit} rows of {@code kind} after {@code after} (null: from the start), in a stable order:
     * (bucket id, key, part number) for objects and their parts, (upload id, part number) for upload parts.
     */
    public List<BlobRow> rows(BlobKind kind, BlobRow after, int limit) {
        return tx.read("blobRows", c -> switch (kind) {
            case OBJECT -> objects(c, after, limit);
            case OBJECT_PART -> objectParts(c, after, limit);
            case UPLOAD_PART -> uploadParts(c, after, limit);
            case OBJECT_VERSION -> versions(c, after, limit);
            case OBJECT_VERSION_PART -> versionParts(c, after, limit);
        });
    }

    /** Noncurrent single-blob versions (not delete markers), by (bucket id, key, order key). */
    private static List<BlobRow> versions(Connection c, BlobRow after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.bucket_id, b.name, v.object_key, v.size, v.blob_id,"
                + " v.blob_md5, v.key_version, v.wrapped_key, v.sse_kms_key_id, v.version_id FROM object_version v"
                + " JOIN bucket b ON b.id = v.bucket_id WHERE v.part_count = 0 AND NOT v.delete_marker AND"
                + " (v.bucket_id > ? OR (v.bucket_id = ? AND (v.object_key > ? OR (v.object_key = ?"
                + " AND v.version_id > ?)))) ORDER BY v.bucket_id, v.object_key, v.version_id LIMIT ?")) {
            bindVersionCursor(ps, after);
            ps.setInt(6, limit);
            return collect(ps, BlobKind.OBJECT_VERSION, false);
        }
    }

    /** Parts of noncurrent multipart versions, by (bucket id, key, order key, part number). */
    private static List<BlobRow> versionParts(Connection c, BlobRow after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.bucket_id, b.name, p.object_key, p.part_number,"
                + " p.size, p.blob_id, p.blob_md5, p.key_version, p.wrapped_key, p.version_id,"
                + " (SELECT v.sse_kms_key_id FROM object_version v WHERE v.bucket_id = p.bucket_id"
                + " AND v.object_key = p.object_key AND v.version_id = p.version_id) AS sse_kms_key_id"
                + " FROM object_version_part p JOIN bucket b ON b.id = p.bucket_id WHERE p.bucket_id > ?"
                + " OR (p.bucket_id = ? AND (p.object_key > ? OR (p.object_key = ? AND (p.version_id > ?"
                + " OR (p.version_id = ? AND p.part_number > ?)))))"
                + " ORDER BY p.bucket_id, p.object_key, p.version_id, p.part_number LIMIT ?")) {
            bindVersionCursor(ps, after);
            ps.setString(6, after == null ? "" : after.versionId());
            ps.setInt(7, after == null ? Integer.MIN_VALUE : after.partNumber());
            ps.setInt(8, limit);
            return collect(ps, BlobKind.OBJECT_VERSION_PART, true);
        }
    }

    /** Binds bucket id, bucket id, key, key, order key of {@code after} as parameters 1 to 5. */
    private static void bindVersionCursor(PreparedStatement ps, BlobRow after) throws SQLException {
        bindKeyCursor(ps, after);
        ps.setBytes(4, after == null ? new byte[0] : KeyBytes.utf8(after.key()));
        ps.setString(5, after == null ? "" : after.versionId());
    }

    /** Binds bucket id, bucket id, key of {@code after} (the start, when null) as parameters 1 to 3. */
    private static void bindKeyCursor(PreparedStatement ps, BlobRow after) throws SQLException {
        long bucket = after == null ? Long.MIN_VALUE : after.bucketId();
        ps.setLong(1, bucket);
        ps.setLong(2, bucket);
        ps.setBytes(3, after == null ? new byte[0] : KeyBytes.utf8(after.key()));
    }

    private static List<BlobRow> objects(Connection c, BlobRow after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT o.bucket_id, b.name, o.object_key, o.size, o.blob_id,"
                + " o.blob_md5, o.key_version, o.wrapped_key, o.sse_kms_key_id FROM object o"
                + " JOIN bucket b ON b.id = o.bucket_id"
                + " WHERE o.part_count = 0 AND (o.bucket_id > ? OR (o.bucket_id = ? AND o.object_key > ?))"
                + " ORDER BY o.bucket_id, o.object_key LIMIT ?")) {
            bindKeyCursor(ps, after);
            ps.setInt(4, limit);
            return collect(ps, BlobKind.OBJECT, false);
        }
    }

    private static List<BlobRow> objectParts(Connection c, BlobRow after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.bucket_id, b.name, p.object_key, p.part_number,"
                + " p.size, p.blob_id, p.blob_md5, p.key_version, p.wrapped_key, (SELECT o.sse_kms_key_id FROM object o"
                + " WHERE o.bucket_id = p.bucket_id AND o.object_key = p.object_key) AS sse_kms_key_id"
                + " FROM object_part p JOIN bucket b ON b.id = p.bucket_id WHERE p.bucket_id > ? OR (p.bucket_id = ?"
                + " AND (p.object_key > ? OR (p.object_key = ? AND p.part_number > ?)))"
                + " ORDER BY p.bucket_id, p.object_key, p.part_number LIMIT ?")) {
            bindKeyCursor(ps, after);
            ps.setBytes(4, after == null ? new byte[0] : KeyBytes.utf8(after.key()));
            ps.setInt(5, after == null ? Integer.MIN_VALUE : after.partNumber());
            ps.setInt(6, limit);
            return collect(ps, BlobKind.OBJECT_PART, true);
        }
    }

    private static List<BlobRow> uploadParts(Connection c, BlobRow after, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT u.bucket_id, b.name, u.object_key, p.part_number,"
                + " p.size, p.blob_id, p.blob_md5, p.key_version, p.wrapped_key, p.upload_id, u.sse_kms_key_id"
                + " FROM upload_part p"
                + " JOIN upload u ON u.upload_id = p.upload_id JOIN bucket b ON b.id = u.bucket_id"
                + " WHERE p.upload_id > ? OR (p.upload_id = ? AND p.part_number > ?)"
                + " ORDER BY p.upload_id, p.part_number LIMIT ?")) {
            String upload = after == null ? "" : after.uploadId();
            ps.setString(1, upload);
            ps.setString(2, upload);
            ps.setInt(3, after == null ? Integer.MIN_VALUE : after.partNumber());
            ps.setInt(4, limit);
            return collect(ps, BlobKind.UPLOAD_PART, true);
        }
    }

    private static List<BlobRow> collect(PreparedStatement ps, BlobKind kind, boolean parts)
            throws SQLException {
        List<BlobRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredBlob blob = new StoredBlob(new BlobId(rs.getString("blob_id")), rs.getLong("size"),
                        rs.getBytes("blob_md5"), rs.getInt("key_version"), rs.getBytes("wrapped_key"));
                boolean version = kind == BlobKind.OBJECT_VERSION || kind == BlobKind.OBJECT_VERSION_PART;
                rows.add(new BlobRow(kind, rs.getLong(1), rs.getString(2), KeyBytes.string(rs.getBytes(3)),
                        kind == BlobKind.UPLOAD_PART ? rs.getString("upload_id") : null,
                        parts ? rs.getInt("part_number") : 0, blob, rs.getString("sse_kms_key_id"),
                        version ? rs.getString("version_id") : null));
            }
        }
        return rows;
    }
}
