package coffer.storage.internal.catalog;

import coffer.storage.ObjectLock;
import coffer.storage.ObjectVersion;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.time.Instant;

/**
 * The one check that keeps a locked version (docs/object-lock.md): every statement that removes a version for good
 * ({@link ObjectDao#removeCurrent}, {@link ObjectDao#replace}, {@link VersionDao#remove}) calls it on the row it
 * has locked, inside its transaction, so DeleteObject by version id, DeleteObjects, lifecycle expiration and account
 * deletion all meet it. {@code now} is the deleting transaction's clock reading. Stateless.
 */
final class LockRule {
    private LockRule() {
    }

    /** OBJECT_LOCKED, naming the key, version and lock, when {@code lock} forbids removing the version now. */
    static void requireRemovable(ObjectLock lock, Instant now, boolean bypassGovernance, String key,
                                 String versionId) {
        if (lock == null || lock == ObjectLock.NONE) {
            return;
        }
        String why = lock.refusal(now, bypassGovernance);
        if (why != null) {
            throw new StoreException(Reason.OBJECT_LOCKED, "version "
                    + (versionId == null ? ObjectVersion.NULL_ID : versionId) + " of key '" + key
                    + "' cannot be deleted: " + why);
        }
    }
}
