package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobId;
import coffer.storage.internal.catalog.Timestamps;
import coffer.storage.internal.catalog.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pack index in the catalog ({@code blob_pack}, {@code blob_pack_entry}; migration V16): which pack object
 * holds each packed blob, and how much of each pack is still live. Shared by every gateway on the catalog, so a
 * blob written through one is found through all. Failures are the catalog's ({@code StoreException}, 503 while it is
 * down). Thread-safe; holds no connection between calls.
 */
final class PackIndex {
    private static final int PAGE = 500;
    private final Transactions tx;

    PackIndex(Transactions tx) {
        this.tx = tx;
    }

    /** Records a pack object just acknowledged by the backend, with every blob in it, in one transaction. */
    void addPack(String packId, long totalBytes, Instant createdAt, List<PackEntry> entries) {
        tx.write("record a blob pack", c -> {
            insertPack(c, packId, totalBytes, entries.stream().mapToLong(PackEntry::recordLength).sum(),
                    entries.size(), createdAt);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blob_pack_entry (blob_id, pack_id,"
                    + " record_offset, record_length) VALUES (?, ?, ?, ?)")) {
                for (PackEntry e : entries) {
                    ps.setString(1, e.blobId().value());
                    ps.setString(2, packId);
                    ps.setLong(3, e.recordOffset());
                    ps.setInt(4, e.recordLength());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    Optional<PackEntry> find(BlobId id) {
        return tx.read("find a packed blob", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pack_id, record_offset, record_length"
                    + " FROM blob_pack_entry WHERE blob_id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new PackEntry(id, rs.getString(1), rs.getLong(2), rs.getInt(3)))
                            : Optional.<PackEntry>empty();
                }
            }
        });
    }

    /** Forgets a packed blob and counts its bytes as dead in its pack; false when it is not packed. */
    boolean remove(BlobId id) {
        return tx.write("delete a packed blob", c -> {
            PackEntry e;
            try (PreparedStatement ps = c.prepareStatement("SELECT pack_id, record_offset, record_length"
                    + " FROM blob_pack_entry WHERE blob_id = ? FOR UPDATE")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    e = new PackEntry(id, rs.getString(1), rs.getLong(2), rs.getInt(3));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM blob_pack_entry WHERE blob_id = ?")) {
                ps.setString(1, id.value());
                ps.executeUpdate();
            }
            adjust(c, e.packId(), -e.recordLength(), -1);
            return true;
        });
    }

    /** Packs whose dead share reached {@code deadShare} (all-dead ones included), oldest first, up to {@code max}. */
    List<PackRow> compactionCandidates(double deadShare, int max) {
        return tx.read("find packs to compact", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pack_id, total_bytes, live_bytes, live_blobs,"
                    + " created_at FROM blob_pack WHERE live_bytes <= total_bytes * ? ORDER BY created_at LIMIT ?")) {
                ps.setDouble(1, 1.0 - deadShare);
                ps.setInt(2, max);
                List<PackRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new PackRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                                Timestamps.get(rs, "created_at")));
                    }
                }
                return rows;
            }
        });
    }

    /** The live blobs of one pack, in record order. */
    List<PackEntry> entriesOf(String packId) {
        return tx.read("list a pack's blobs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT blob_id, record_offset, record_length"
                    + " FROM blob_pack_entry WHERE pack_id = ? ORDER BY record_offset")) {
                ps.setString(1, packId);
                List<PackEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new PackEntry(new BlobId(rs.getString(1)), packId, rs.getLong(2), rs.getInt(3)));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * Compaction's switch: records pack {@code newPack} and moves each of {@code copies} (their new places) from
     * {@code oldPack} to it, each only if it is still in {@code oldPack} (a blob deleted meanwhile stays deleted).
     * Returns how many moved; what did not counts as dead in the new pack.
     */
    int move(String oldPack, String newPack, long newTotalBytes, Instant createdAt, List<PackEntry> copies) {
        return tx.write("switch blobs to a compacted pack", c -> {
            insertPack(c, newPack, newTotalBytes, 0, 0, createdAt);
            int moved = 0;
            long movedBytes = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE blob_pack_entry SET pack_id = ?,"
                    + " record_offset = ? WHERE blob_id = ? AND pack_id = ?")) {
                for (PackEntry e : copies) {
                    ps.setString(1, newPack);
                    ps.setLong(2, e.recordOffset());
                    ps.setString(3, e.blobId().value());
                    ps.setString(4, oldPack);
                    if (ps.executeUpdate() == 1) {
                        moved++;
                        movedBytes += e.recordLength();
                    }
                }
            }
            adjust(c, newPack, movedBytes, moved);
            adjust(c, oldPack, -movedBytes, -moved);
            return moved;
        });
    }

    /** Drops the row of a pack that holds no live blob; false if it gained one or is gone. */
    boolean dropEmpty(String packId) {
        return tx.write("drop an empty pack", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM blob_pack WHERE pack_id = ?"
                    + " AND live_blobs = 0 AND NOT EXISTS (SELECT 1 FROM blob_pack_entry WHERE pack_id = ?)")) {
                ps.setString(1, packId);
                ps.setString(2, packId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Whether the index knows pack {@code packId}. */
    boolean hasPack(String packId) {
        return tx.read("find a pack", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM blob_pack WHERE pack_id = ?")) {
                ps.setString(1, packId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** One page of packed blobs after blob id {@code after} (null: from the start), with their pack's time. */
    List<Listed> page(String after) {
        return tx.read("list packed blobs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.blob_id, e.record_length, p.created_at"
                    + " FROM blob_pack_entry e JOIN blob_pack p ON p.pack_id = e.pack_id"
                    + " WHERE e.blob_id > ? ORDER BY e.blob_id LIMIT " + PAGE)) {
                ps.setString(1, after == null ? "" : after);
                List<Listed> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Listed(new BlobId(rs.getString(1)), rs.getInt(2),
                                Timestamps.get(rs, "created_at")));
                    }
                }
                return rows;
            }
        });
    }

    /** A packed blob as {@link #page} lists it. */
    record Listed(BlobId id, int recordLength, Instant packCreated) {
    }

    private static void insertPack(Connection c, String packId, long total, long live, int blobs, Instant created)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO blob_pack (pack_id, total_bytes, live_bytes,"
                + " live_blobs, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, packId);
            ps.setLong(2, total);
            ps.setLong(3, live);
            ps.setInt(4, blobs);
            Timestamps.set(ps, 5, created);
            ps.executeUpdate();
        }
    }

    private static void adjust(Connection c, String packId, long bytes, int blobs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE blob_pack SET live_bytes = live_bytes + ?,"
                + " live_blobs = live_blobs + ? WHERE pack_id = ?")) {
            ps.setLong(1, bytes);
            ps.setInt(2, blobs);
            ps.setString(3, packId);
            ps.executeUpdate();
        }
    }
}
