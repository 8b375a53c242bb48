package coffer.storage.internal.catalog;

import coffer.storage.DefaultEncryption;
import coffer.storage.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket's settings in the catalog: its ACL and CORS rows, its default encryption, and its configuration documents
 * ({@code bucket_document}: ownership, tagging, policy, lifecycle, logging, object lock...). Reached through
 * {@link Catalog#bucketSettings()}. Thread-safe.
 */
public final class BucketSettingsCatalog {
    private final Transactions tx;
    private final BucketSettingsDao bucketSettings = new BucketSettingsDao();
    private final BucketDocumentDao bucketDocuments = new BucketDocumentDao();
    /**
     * Bucket default encryptions by bucket id, absent ones too (wrapped in the Optional): every PUT without SSE
     * headers reads one, and they rarely change.
     */
    private final LookupCache<Long, Optional<DefaultEncryption>> encryptionByBucket;
    /**
     * Every document of a bucket, by bucket id (an empty map for none), for documents read on every request (a
     * bucket's policy): one statement reads them all. Bucket ids are never reused, so a deleted bucket's entry is
     * only dead weight until it expires.
     */
    private final LookupCache<Long, Map<String, String>> documentsByBucket;

    /** {@code lookupTtl}: how long the cached reads below may be behind another gateway's writes. */
    BucketSettingsCatalog(Transactions tx, Clock clock, Duration lookupTtl) {
        this.tx = tx;
        this.encryptionByBucket = new LookupCache<>(clock, lookupTtl, 10_000);
        this.documentsByBucket = new LookupCache<>(clock, lookupTtl, 10_000);
    }

    /** The bucket's ACL, in the S3 layer's encoding. */
    public String bucketAcl(long bucketId) {
        return tx.read("bucketAcl", c -> bucketSettings.acl(c, bucketId));
    }

    public void setBucketAcl(long bucketId, String acl) {
        tx.write("setBucketAcl", c -> {
            if (!bucketSettings.setAcl(c, bucketId, acl)) {
                throw new StoreException(StoreException.Reason.NO_SUCH_BUCKET, "no such bucket");
            }
            return null;
        });
    }

    public Optional<String> bucketCors(long bucketId) {
        return tx.read("bucketCors", c -> bucketSettings.cors(c, bucketId));
    }

    /** Stores the CORS configuration; a bucket deleted meanwhile is NO_SUCH_BUCKET (foreign key). */
    public void putBucketCors(long bucketId, String configuration) {
        writeBucketRow("putBucketCors", c -> bucketSettings.putCors(c, bucketId, configuration));
    }

    public void deleteBucketCors(long bucketId) {
        tx.write("deleteBucketCors", c -> {
            bucketSettings.deleteCors(c, bucketId);
            return null;
        });
    }

    /** The bucket's document of {@code kind}, if it has one. */
    public Optional<String> bucketDocument(long bucketId, String kind) {
        return tx.read("bucketDocument", c -> bucketDocuments.find(c, bucketId, kind));
    }

    /** The bucket's document of {@code kind}, possibly as it was up to the lookup time-to-live ago. */
    public Optional<String> cachedBucketDocument(long bucketId, String kind) {
        return documentsByBucket.get(bucketId, () -> Optional.of(tx.read("bucketDocuments",
                c -> bucketDocuments.all(c, bucketId)))).map(all -> all.get(kind));
    }

    /** Stores (or replaces) the document; a bucket deleted meanwhile is NO_SUCH_BUCKET (foreign key). */
    public void putBucketDocument(long bucketId, String kind, String document) {
        try {
            writeBucketRow("putBucketDocument", c -> bucketDocuments.put(c, bucketId, kind, document));
        } finally {
            documentsByBucket.invalidate(bucketId);
        }
    }

    public void deleteBucketDocument(long bucketId, String kind) {
        try {
            tx.write("deleteBucketDocument", c -> {
                bucketDocuments.delete(c, bucketId, kind);
                return null;
            });
        } finally {
            documentsByBucket.invalidate(bucketId);
        }
    }

    /** The bucket's default encryption, possibly as it was up to the lookup time-to-live ago. */
    public Optional<DefaultEncryption> bucketEncryption(long bucketId) {
        return encryptionByBucket.get(bucketId, () -> Optional.of(tx.read("bucketEncryption",
                c -> bucketSettings.encryption(c, bucketId)))).flatMap(e -> e);
    }

    /** Stores the default encryption; a bucket deleted meanwhile is NO_SUCH_BUCKET (foreign key). */
    public void putBucketEncryption(long bucketId, DefaultEncryption encryption) {
        writeBucketRow("putBucketEncryption", c -> bucketSettings.putEncryption(c, bucketId, encryption));
        encryptionByBucket.invalidate(bucketId);
    }

    public void deleteBucketEncryption(long bucketId) {
        tx.write("deleteBucketEncryption", c -> {
            bucketSettings.deleteEncryption(c, bucketId);
            return null;
        });
        encryptionByBucket.invalidate(bucketId);
    }

    /** A bucket's row in a settings table, written in one transaction: a bucket deleted meanwhile is NO_SUCH_BUCKET. */
    private void writeBucketRow(String operation, BucketRowWrite write) {
        tx.write(operation, c -> {
            try {
                write.run(c);
            } catch (SQLException e) {
                if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                    throw new StoreException(StoreException.Reason.NO_SUCH_BUCKET, "no such bucket");
                }
                throw e;
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface BucketRowWrite {
        void run(Connection c) throws SQLException;
    }
}
