package coffer.storage.accounts;

import coffer.storage.Bucket;
import coffer.storage.ListPage;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import coffer.storage.internal.catalog.Catalog;
import coffer.storage.quota.Quotas;

/**
 * Deletes an account ({@link Accounts#delete}): (1) marks it deleted and revokes its keys in one transaction, then
 * (2) deletes every object through the normal delete path, which queues each blob for the garbage collector (the
 * rows holding the wrapped data keys are gone: crypto-shredding), then (3) drops its buckets, which aborts their
 * uploads in progress the normal way (their parts' blobs are queued too), so their names are free again, and (4)
 * recomputes its usage. Running it again finishes an interrupted deletion. An account holding a version under
 * COMPLIANCE retention or a legal hold is refused first (OBJECT_LOCKED), untouched; GOVERNANCE retention gives way
 * (docs/object-lock.md). Thread-safe.
 */
final class AccountDeletion {
    private static final int PAGE = 1000;
    /** A write authenticated just before the deletion may still land in a bucket; go round again this often. */
    private static final int BUCKET_ATTEMPTS = 5;

    private final AccountCatalog catalog;
    private final Catalog objects;
    private final Quotas quotas;

    AccountDeletion(AccountCatalog catalog, Catalog objects, Quotas quotas) {
        this.catalog = catalog;
        this.objects = objects;
        this.quotas = quotas;
    }

    DeletionReport delete(AccountInfo info) {
        // Data under COMPLIANCE retention or a legal hold outlives any deletion (docs/object-lock.md): refuse before
        // anything changes, so the account stays whole. GOVERNANCE retention gives way to the operator.
        objects.locks().blockingAccountDeletion(info.id()).ifPresent(why -> {
            throw new StoreException(Reason.OBJECT_LOCKED, "account '" + info.name()
                    + "' holds locked data and cannot be deleted: " + why);
        });
        int revoked = 0;
        if (info.state() != AccountState.DELETED) {
            try {
                revoked = catalog.setState(info.id(), AccountState.DELETED);
            } catch (StoreException e) {
                if (e.reason() != Reason.ACCOUNT_DELETED) {
                    throw e;
                }
            }
        }
        int buckets = 0;
        long deleted = 0;
        for (Bucket bucket : objects.listBuckets(info.id())) {
            for (int attempt = 1; ; attempt++) {
                deleted += deleteAllObjects(bucket);
                try {
                    objects.deleteBucket(bucket.id());
                    buckets++;
                    break;
                } catch (StoreException e) {
                    if (e.reason() == Reason.NO_SUCH_BUCKET) {
                        break;
                    }
                    if (e.reason() != Reason.BUCKET_NOT_EMPTY || attempt == BUCKET_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
        quotas.reconcile(info.id(), info.name());
        return new DeletionReport(info.name(), revoked, buckets, deleted);
    }

    private long deleteAllObjects(Bucket bucket) {
        long deleted = 0;
        while (true) {
            // Always the first page: what this loop deleted is gone, so the next keys come first.
            ListPage page = objects.listObjects(bucket.id(), "", null, null, PAGE);
            for (ObjectRecord o : page.contents()) {
                if (objects.locks().shredCurrent(bucket.id(), o.key())) {
                    deleted++;
                }
            }
            if (!page.truncated() || page.contents().isEmpty()) {
                // Then every noncurrent version and delete marker (docs/versioning.md): shredded with the account.
                return deleted + objects.purgeVersions(bucket.id());
            }
        }
    }
}
