package coffer.storage.internal.catalog;

import coffer.storage.DeleteCondition;
import coffer.storage.DeleteOutcome;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectVersion;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.Versioning;
import coffer.storage.WriteCondition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes and deletes of a versioned bucket (docs/versioning.md, "Where versions live"): the current row stays in
 * {@code object}, every other version is in {@code object_version}. Each method runs inside the caller's write
 * transaction, on the key's current row locked {@code FOR UPDATE} (or, when there is none, its newest stored
 * version), so a key's versions get strictly increasing times. What a call removed for good comes back as a
 * {@link Freed} for the usage counters. Stateless.
 */
final class VersionedObjects {
    private final ObjectDao objects;
    private final VersionDao versions;
    private final VersionIds ids;

    /** What a write or delete removed for good: bytes and object versions to give back to the quota. */
    record Freed(long bytes, int objects) {
        static final Freed NONE = new Freed(0, 0);

        Freed plus(long moreBytes, int moreObjects) {
            return new Freed(bytes + moreBytes, objects + moreObjects);
        }
    }

    /** A published version and what its write removed (a replaced null version). */
    record Published(ObjectRecord row, Freed freed) {
    }

    /** A delete's answer and what it removed. */
    record Deleted(DeleteOutcome outcome, Freed freed) {
    }

    VersionedObjects(ObjectDao objects, VersionDao versions, VersionIds ids) {
        this.objects = objects;
        this.versions = versions;
        this.ids = ids;
    }

    /**
     * Publishes {@code r} as the key's newest version (ENABLED: a new version id; SUSPENDED: the null version,
     * replacing the previous null version wherever it is), keeping the current version if it is not the null
     * version being replaced. The condition is decided on the current row as in an unversioned bucket.
     */
    Published put(Connection c, ObjectRecord r, WriteCondition condition, Instant gcDue, Versioning mode)
            throws SQLException {
        long bucketId = r.bucketId();
        byte[] key = KeyBytes.utf8(r.key());
        Optional<ObjectDao.Current> old = ObjectDao.lock(c, bucketId, key);
        ObjectDao.check(condition, old);
        Instant time = VersionIds.after(r.lastModified(), newestTime(c, bucketId, key, old));
        ObjectRecord row = r.asVersion(mode == Versioning.ENABLED ? ids.next(time) : null, time);
        Freed freed = Freed.NONE;
        if (mode == Versioning.SUSPENDED && (old.isEmpty() || old.get().versionId() != null)) {
            freed = removeStoredNullVersion(c, bucketId, key, time, gcDue);
        }
        if (old.isPresent() && old.get().versionId() == null && mode == Versioning.SUSPENDED) {
            objects.replace(c, row, key, old.get(), gcDue);
            freed = freed.plus(old.get().size(), 1);
        } else if (old.isPresent()) {
            versions.archive(c, bucketId, key, old.get());
            objects.update(c, row, key);
        } else {
            objects.insert(c, row, key, condition);
        }
        if (row.isMultipart()) {
            objects.insertManifest(c, row, key);
        }
        return new Published(row, freed);
    }

    /**
     * DeleteObject without a version id: the current version (if any) is kept as a noncurrent one, unless it is the
     * null version of a suspended bucket, and a delete marker becomes the newest version (SUSPENDED: the null
     * version). {@code condition} is decided on the current row; a key without one gets its marker regardless.
     */
    Deleted delete(Connection c, long bucketId, String keyString, DeleteCondition condition, Instant now,
                   Instant gcDue, Versioning mode) throws SQLException {
        byte[] key = KeyBytes.utf8(keyString);
        Optional<ObjectDao.Current> old = ObjectDao.lock(c, bucketId, key);
        if (old.isPresent() && !condition.holds(old.get().etag(), old.get().lastModified(), old.get().size())) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the delete condition does not hold");
        }
        Instant time = VersionIds.after(now, newestTime(c, bucketId, key, old));
        boolean nullMarker = mode == Versioning.SUSPENDED;
        Freed freed = Freed.NONE;
        if (nullMarker && (old.isEmpty() || old.get().versionId() != null)) {
            freed = removeStoredNullVersion(c, bucketId, key, now, gcDue);
        }
        if (old.isPresent() && old.get().versionId() == null && nullMarker) {
            objects.removeCurrent(c, bucketId, key, old.get(), now, gcDue);
            freed = freed.plus(old.get().size(), 1);
        } else if (old.isPresent()) {
            versions.archive(c, bucketId, key, old.get());
            ObjectDao.deleteRow(c, bucketId, key);
        }
        String order = nullMarker ? VersionIds.forNullVersion(time) : ids.next(time);
        versions.insertMarker(c, bucketId, key, order, nullMarker, time);
        return new Deleted(new DeleteOutcome(nullMarker ? ObjectVersion.NULL_ID : order, true), freed);
    }

    /**
     * Removes version {@code wireId} of the key for good ({@code null}: the null version), if it exists (a missing
     * version is no error, as S3 answers); when it was the newest, the next newest becomes the current object again
     * unless it is a delete marker. {@code condition} is decided on the version when it is an object.
     */
    Deleted deleteVersion(Connection c, long bucketId, String keyString, String wireId, DeleteCondition condition,
                          Instant now, Instant gcDue) throws SQLException {
        return deleteVersion(c, bucketId, keyString, wireId, condition, now, gcDue, false);
    }

    /**
     * As above; the version's object lock is checked on its locked row ({@link LockRule}: OBJECT_LOCKED), where
     * {@code bypassGovernance} lets GOVERNANCE retention give way (docs/object-lock.md).
     */
    Deleted deleteVersion(Connection c, long bucketId, String keyString, String wireId, DeleteCondition condition,
                          Instant now, Instant gcDue, boolean bypassGovernance) throws SQLException {
        byte[] key = KeyBytes.utf8(keyString);
        Optional<ObjectDao.Current> old = ObjectDao.lock(c, bucketId, key);
        if (old.isPresent() && wireId.equals(wire(old.get().versionId()))) {
            ObjectDao.Current current = old.get();
            if (!condition.holds(current.etag(), current.lastModified(), current.size())) {
                throw new StoreException(Reason.PRECONDITION_FAILED, "the delete condition does not hold");
            }
            objects.removeCurrent(c, bucketId, key, current, now, gcDue, bypassGovernance);
            versions.promote(c, bucketId, key);
            return new Deleted(new DeleteOutcome(wireId, false), new Freed(current.size(), 1));
        }
        Optional<VersionDao.Stored> stored = versions.lock(c, bucketId, key, wireId);
        if (stored.isEmpty()) {
            return new Deleted(new DeleteOutcome(wireId, false), Freed.NONE);
        }
        VersionDao.Stored v = stored.get();
        if (!v.deleteMarker() && !condition.holds(v.etag(), v.lastModified(), v.size())) {
            throw new StoreException(Reason.PRECONDITION_FAILED, "the delete condition does not hold");
        }
        versions.remove(c, bucketId, v, now, gcDue, bypassGovernance);
        if (old.isEmpty()) {
            versions.promote(c, bucketId, key);
        }
        return new Deleted(new DeleteOutcome(wireId, v.deleteMarker()),
                v.deleteMarker() ? Freed.NONE : new Freed(v.size(), 1));
    }

    /** What a purge removed: how many stored versions (delete markers too), and what they freed. */
    record Purged(int versions, Freed freed) {
    }

    /**
     * Shreds up to {@code limit} stored versions of the bucket (account deletion, which lets GOVERNANCE retention
     * give way but never COMPLIANCE retention or a legal hold: docs/object-lock.md).
     */
    Purged purge(Connection c, long bucketId, int limit, Instant now, Instant gcDue) throws SQLException {
        Freed freed = Freed.NONE;
        int count = 0;
        for (VersionDao.Stored v : versions.lockSome(c, bucketId, limit)) {
            versions.remove(c, bucketId, v, now, gcDue, true);
            count++;
            if (!v.deleteMarker()) {
                freed = freed.plus(v.size(), 1);
            }
        }
        return new Purged(count, freed);
    }

    /** Stored version {@code wireId} of the key, share-locked with its manifest (a copy source). */
    Optional<ObjectRecord> findShared(Connection c, long bucketId, String key, String wireId) throws SQLException {
        return versions.find(c, bucketId, key, wireId, false, " LOCK IN SHARE MODE")
                .filter(v -> !v.deleteMarker()).map(ObjectVersion::object);
    }

    private Freed removeStoredNullVersion(Connection c, long bucketId, byte[] key, Instant now, Instant gcDue)
            throws SQLException {
        Optional<VersionDao.Stored> stored = versions.lock(c, bucketId, key, ObjectVersion.NULL_ID);
        if (stored.isEmpty()) {
            return Freed.NONE;
        }
        versions.remove(c, bucketId, stored.get(), now, gcDue);
        return stored.get().deleteMarker() ? Freed.NONE : new Freed(stored.get().size(), 1);
    }

    /** The time of the key's newest version: the current row's, else the newest stored one's (locked). */
    private Instant newestTime(Connection c, long bucketId, byte[] key, Optional<ObjectDao.Current> old)
            throws SQLException {
        if (old.isPresent()) {
            return old.get().lastModified();
        }
        return versions.newest(c, bucketId, key).map(VersionDao.Stored::lastModified).orElse(null);
    }

    private static String wire(String versionId) {
        return versionId == null ? ObjectVersion.NULL_ID : versionId;
    }
}
