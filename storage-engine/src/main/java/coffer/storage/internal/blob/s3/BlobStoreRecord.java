package coffer.storage.internal.blob.s3;

import coffer.storage.BlobStoreMismatchException;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.internal.catalog.Timestamps;
import coffer.storage.internal.catalog.Transactions;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's record of which blob store holds its blobs (table {@code blob_store}, V21; docs/operations.md,
 * "Moving local blobs to an S3 store"). Written by the migration ({@link BlobMigration}): {@code migrating}
 * when a migration to an S3 store has started, {@code s3} once it switched; and by the first start on an S3 store
 * ({@code s3}, with the store's {@link StoreMarker}; V47). Read at every start
 * ({@link #checkStart}) so that a gateway never serves a catalog from the wrong store. Stores where the bucket is,
 * never credentials. Thread-safe, stateless apart from the catalog.
 */
public final class BlobStoreRecord {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStoreRecord.class);
    static final String MIGRATING = "migrating";
    static final String S3 = "s3";

    /** The row, when there is one. */
    record Row(String state, String endpoint, String bucket, String prefix, Instant startedAt, Instant switchedAt,
               long blobs, long bytes, String catalogMarker) {
        boolean names(S3BlobSettings s3) {
            return bucket.equals(s3.bucket()) && prefix.equals(s3.prefix());
        }

        String where() {
            return "bucket " + bucket + (prefix.isEmpty() ? "" : " prefix " + prefix) + " at " + endpoint;
        }
    }

    private final Transactions tx;

    BlobStoreRecord(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Refuses a start whose blob store ({@code s3} with its {@code marker}; nulls for local disks) is not where the
     * catalog's blobs are: local blobs on a catalog migrated to S3 or whose pack index is not empty (it ran on an S3
     * store); an S3 store while a migration has not switched yet; another bucket or prefix than the recorded one; a
     * store whose {@link StoreMarker} is missing or names another catalog. The first start on an S3 store records it
     * (row and marker); the first one after a migration writes the marker.
     *
     * @throws IOException when the store cannot be read (it is then not known to be this catalog's)
     */
    public static void checkStart(DataSource db, S3BlobSettings s3, StoreMarker marker, SecureRandom random)
            throws IOException {
        BlobStoreRecord record = new BlobStoreRecord(new Transactions(db));
        Optional<Row> row = record.read();
        if (s3 == null) {
            if (row.isPresent() && S3.equals(row.get().state())) {
                throw new BlobStoreMismatchException("this catalog's blobs were migrated to the S3 store ("
                        + row.get().where() + ") on " + row.get().switchedAt() + " by coffer admin blobs migrate;"
                        + " the local blobs are no longer current. Start with --blob-store s3 and the --blob-s3-*"
                        + " settings of that store");
            }
            if (row.isEmpty() && record.hasPacks()) {
                throw new BlobStoreMismatchException("this catalog's blobs are in an S3 store (its pack index is not"
                        + " empty: it ran with --blob-store s3). Start with --blob-store s3 and the --blob-s3-*"
                        + " settings of that store");
            }
            return;
        }
        if (row.isPresent()) {
            Row r = row.get();
            if (MIGRATING.equals(r.state())) {
                throw new BlobStoreMismatchException("a migration of this catalog's blobs to the S3 store ("
                        + r.where() + ") started on " + r.startedAt() + " but has not switched yet: the blobs are"
                        + " still local. Run coffer admin blobs migrate again to finish it, or start with"
                        + " --blob-store local");
            }
            if (!r.names(s3)) {
                throw new BlobStoreMismatchException("this catalog's blobs are in the S3 store (" + r.where()
                        + "), not in bucket " + s3.bucket() + (s3.prefix().isEmpty() ? "" : " prefix "
                        + s3.prefix()) + ": set --blob-s3-bucket and --blob-s3-prefix to that store");
            }
        }
        Optional<String> inStore = readMarker(marker);
        String recorded = row.map(Row::catalogMarker).orElse(null);
        if (recorded != null) {
            if (inStore.isEmpty()) {
                throw new BlobStoreMismatchException("the S3 store has no " + marker + ": it is not the store"
                        + " this catalog's blobs were written to (another endpoint?), or it lost them. Restore the"
                        + " store, or that object (its content: " + recorded + ")");
            }
            if (!inStore.get().equals(recorded)) {
                throw otherCatalog(marker);
            }
            return;
        }
        if (inStore.isPresent()) {
            throw otherCatalog(marker);
        }
        String id = HexFormat.of().formatHex(newId(random));
        marker.write(id);
        record.recordMarker(s3, id, row.isEmpty());
        String kept = record.read().map(Row::catalogMarker).orElse(id);
        if (!kept.equals(id)) {
            marker.write(kept); // another gateway of this catalog recorded its id first
        }
        LOG.info("catalog: the S3 store (bucket {}{}) is this catalog's blob store; {} names it",
                s3.bucket(), s3.prefix().isEmpty() ? "" : " prefix " + s3.prefix(), marker);
    }

    private static byte[] newId(SecureRandom random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return id;
    }

    private static Optional<String> readMarker(StoreMarker marker) throws IOException {
        try {
            return marker.read();
        } catch (IOException e) {
            throw new IOException("the S3 blob store cannot be read, so it is not known to hold this catalog's"
                    + " blobs (" + marker + "): " + e.getMessage(), e);
        }
    }

    private static BlobStoreMismatchException otherCatalog(StoreMarker marker) {
        return new BlobStoreMismatchException("the S3 store holds the blobs of another Coffer catalog (its "
                + marker + " names another one): two catalogs on one bucket and prefix would each free the other's"
                + " blobs. Give this catalog its own bucket or --blob-s3-prefix");
    }

    /** The first start on an S3 store writes the row (nothing migrated: blobs and bytes 0); later ones the marker. */
    private void recordMarker(S3BlobSettings s3, String id, boolean newRow) {
        tx.write("record the blob store", c -> {
            String sql = newRow
                    ? "INSERT IGNORE INTO blob_store (id, state, endpoint, bucket, prefix, started_at, switched_at,"
                            + " catalog_marker) VALUES (1, ?, ?, ?, ?, NOW(6), NOW(6), ?)"
                    : "UPDATE blob_store SET catalog_marker = ? WHERE id = 1 AND catalog_marker IS NULL";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (newRow) {
                    ps.setString(1, S3);
                    ps.setString(2, s3.endpoint().toString());
                    ps.setString(3, s3.bucket());
                    ps.setString(4, s3.prefix());
                    ps.setString(5, id);
                } else {
                    ps.setString(1, id);
                }
                return ps.executeUpdate();
            }
        });
    }

    private boolean hasPacks() {
        return tx.read("look for packs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM blob_pack LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    Optional<Row> read() {
        return tx.read("read the blob store record", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, endpoint, bucket, prefix, started_at,"
                    + " switched_at, blobs, bytes, catalog_marker FROM blob_store WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Timestamps.get(rs, "started_at"),
                        rs.getTimestamp(6) == null ? null : Timestamps.get(rs, "switched_at"), rs.getLong(7),
                        rs.getLong(8), rs.getString(9))) : Optional.<Row>empty();
            }
        });
    }

    /**
     * Records that a migration to {@code target} has started (the installation stays on local blobs until
     * {@link #switchTo}). A catalog with no row must have an empty pack index: packs there would mean its blobs are
     * already in an S3 store. A migration started earlier towards another bucket or prefix is abandoned: its pack
     * index rows are dropped (local gateways never read them), so this run copies everything again.
     */
    void begin(S3BlobSettings target) {
        Optional<Row> row = read();
        if (row.isEmpty()) {
            if (hasPacks()) {
                throw new IllegalStateException("the catalog's pack index is not empty: its blobs are already in an"
                        + " S3 store (--blob-store s3), there is nothing local to migrate");
            }
            tx.write("record a blob migration", c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO blob_store (id, state, endpoint, bucket,"
                        + " prefix, started_at) VALUES (1, ?, ?, ?, ?, NOW(6))")) {
                    ps.setString(1, MIGRATING);
                    ps.setString(2, target.endpoint().toString());
                    ps.setString(3, target.bucket());
                    ps.setString(4, target.prefix());
                    return ps.executeUpdate();
                }
            });
            return;
        }
        Row r = row.get();
        if (!MIGRATING.equals(r.state())) {
            throw new IllegalStateException("the catalog's blobs are already in the S3 store (" + r.where() + ")");
        }
        if (!r.names(target)) {
            dropPackIndex();
        }
        tx.write("retarget a blob migration", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE blob_store SET endpoint = ?, bucket = ?,"
                    + " prefix = ? WHERE id = 1 AND state = ?")) {
                ps.setString(1, target.endpoint().toString());
                ps.setString(2, target.bucket());
                ps.setString(3, target.prefix());
                ps.setString(4, MIGRATING);
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes the pack index in chunks of 1,000 rows (Galera write-set limits, docs/cluster.md). */
    private void dropPackIndex() {
        for (String sql : new String[] {"DELETE FROM blob_pack_entry LIMIT 1000", "DELETE FROM blob_pack LIMIT 1000"}) {
            int deleted;
            do {
                deleted = tx.write("drop an abandoned migration's pack index", c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        return ps.executeUpdate();
                    }
                });
            } while (deleted > 0);
        }
    }

    /**
     * The switch: one conditional UPDATE, so it happens once and only for the store the migration copied to. From
     * its commit on, the catalog's blobs are in {@code target}. False if the row is not that migration's any more.
     */
    boolean switchTo(S3BlobSettings target, long blobs, long bytes) {
        return tx.write("switch the blob store", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE blob_store SET state = ?, switched_at = NOW(6),"
                    + " blobs = ?, bytes = ? WHERE id = 1 AND state = ? AND bucket = ? AND prefix = ?")) {
                ps.setString(1, S3);
                ps.setLong(2, blobs);
                ps.setLong(3, bytes);
                ps.setString(4, MIGRATING);
                ps.setString(5, target.bucket());
                ps.setString(6, target.prefix());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The gateway holding the background-work lease now (a gateway runs on this catalog), if any. */
    Optional<String> liveLeaseHolder() {
        return tx.read("who holds the background lease", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT holder FROM background_lease WHERE holder IS NOT"
                    + " NULL AND expires > NOW(6)");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }
}
