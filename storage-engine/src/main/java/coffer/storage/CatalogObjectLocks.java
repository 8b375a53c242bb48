package coffer.storage;

import coffer.storage.internal.catalog.LockCatalog;
import java.time.Instant;

/** {@link ObjectLocks} kept in the MariaDB catalog (docs/object-lock.md). Thread-safe. */
final class CatalogObjectLocks implements ObjectLocks {
    private final LockCatalog catalog;

    CatalogObjectLocks(LockCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void enableObjectLock(Bucket bucket) {
        catalog.enableObjectLock(bucket.id());
    }

    @Override
    public void setRetention(Bucket bucket, String key, String versionId, ObjectLock.Mode mode, Instant until,
                             boolean bypassGovernance) {
        catalog.setRetention(bucket.id(), key, versionId, mode, until, bypassGovernance);
    }

    @Override
    public void setLegalHold(Bucket bucket, String key, String versionId, boolean on) {
        catalog.setLegalHold(bucket.id(), key, versionId, on);
    }

    @Override
    public DeleteOutcome deleteVersion(Bucket bucket, String key, String versionId, DeleteCondition condition,
                                       boolean bypassGovernance) {
        return catalog.deleteVersion(bucket.id(), key, versionId, condition, bypassGovernance);
    }
}
