package coffer.storage.internal.catalog;

import coffer.storage.ObjectLock;
import coffer.storage.ObjectVersion;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Changes the object lock of one version, current or stored (PutObjectRetention, PutObjectLegalHold), under the
 * rules of docs/object-lock.md, and finds the lock that keeps an account from being deleted. Each change locks the
 * key's current row first, as {@link VersionDao#update} does, so it never races a move of the version. Stateless.
 */
final class LockDao {
    private final VersionDao versions;

    LockDao(VersionDao versions) {
        this.versions = versions;
    }

    /** A version's lock as found, and whether it is the current row. */
    private record Target(ObjectLock lock, boolean current, String wireId) {
    }

    /**
     * Sets the retention of version {@code wireId} (null: the current one). An active COMPLIANCE retention can only
     * be kept or extended in COMPLIANCE mode; an active GOVERNANCE retention can be shortened, removed or turned
     * into COMPLIANCE only with {@code bypassGovernance}: OBJECT_LOCKED otherwise. NO_SUCH_KEY for a missing version
     * or a delete marker. {@code retention} null removes it.
     */
    void setRetention(Connection c, long bucketId, String keyString, String wireId, ObjectLock.Mode mode,
                      Instant until, boolean bypassGovernance, Instant now) throws SQLException {
        byte[] key = KeyBytes.utf8(keyString);
        Target t = target(c, bucketId, key, wireId);
        ObjectLock old = t.lock();
        if (old.retainedAt(now)) {
            boolean weaker = mode == null || until.isBefore(old.retainUntil())
                    || (old.mode() == ObjectLock.Mode.COMPLIANCE && mode != ObjectLock.Mode.COMPLIANCE)
                    || (old.mode() == ObjectLock.Mode.GOVERNANCE && mode != ObjectLock.Mode.GOVERNANCE);
            if (weaker && (old.mode() == ObjectLock.Mode.COMPLIANCE || !bypassGovernance)) {
                throw new StoreException(Reason.OBJECT_LOCKED, "version " + t.wireId() + " of key '" + keyString
                        + "' is under " + old.mode() + " retention until " + old.retainUntil()
                        + ": it can only be extended");
            }
        }
        ObjectLock updated = old.withRetention(mode, until);
        write(c, bucketId, key, t, "lock_mode = ?, lock_until = ?", ps -> {
            ps.setString(1, mode == null ? null : mode.name());
            if (until == null) {
                ps.setNull(2, java.sql.Types.TIMESTAMP);
            } else {
                Timestamps.set(ps, 2, updated.retainUntil());
            }
            return 3;
        });
    }

    /** Sets the legal hold of version {@code wireId} (null: the current one); NO_SUCH_KEY. */
    void setLegalHold(Connection c, long bucketId, String keyString, String wireId, boolean on) throws SQLException {
        byte[] key = KeyBytes.utf8(keyString);
        Target t = target(c, bucketId, key, wireId);
        write(c, bucketId, key, t, "legal_hold = ?", ps -> {
            ps.setBoolean(1, on);
            return 2;
        });
    }

    /**
     * A version of the account's buckets whose lock would refuse account deletion at {@code now} (a legal hold, or
     * COMPLIANCE retention not yet over; GOVERNANCE gives way to the admin), described for the operator; empty
     * when there is none. Scans the account's locked rows only (a lock bucket's rows).
     */
    Optional<String> blockingAccountDeletion(Connection c, long accountId, Instant now) throws SQLException {
        for (String table : new String[] {"object", "object_version"}) {
            String id = table.equals("object") ? "o.version_id" : "IF(o.null_version, NULL, o.version_id)";
            try (PreparedStatement ps = c.prepareStatement("SELECT b.name, o.object_key, " + id + " AS vid,"
                    + " o.lock_mode, o.lock_until, o.legal_hold FROM bucket b JOIN " + table + " o"
                    + " ON o.bucket_id = b.id WHERE b.owner_id = ? AND b.object_lock"
                    + " AND (o.legal_hold OR (o.lock_mode = 'COMPLIANCE' AND o.lock_until > ?))"
                    + " ORDER BY o.lock_until DESC LIMIT 1")) {
                ps.setLong(1, accountId);
                Timestamps.set(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        ObjectLock lock = ObjectRows.readLock(rs);
                        String vid = rs.getString("vid");
                        return Optional.of("bucket '" + rs.getString(1) + "' key '"
                                + KeyBytes.string(rs.getBytes(2)) + "' version "
                                + (vid == null ? ObjectVersion.NULL_ID : vid) + " is "
                                + (lock.legalHold() ? "under a legal hold"
                                : "under COMPLIANCE retention until " + lock.retainUntil()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Target target(Connection c, long bucketId, byte[] key, String wireId) throws SQLException {
        Optional<ObjectDao.Current> current = ObjectDao.lock(c, bucketId, key);
        if (current.isPresent()) {
            String currentId = current.get().versionId() == null ? ObjectVersion.NULL_ID : current.get().versionId();
            if (wireId == null || wireId.equals(currentId)) {
                return new Target(current.get().lock(), true, currentId);
            }
        }
        if (wireId == null) {
            throw new StoreException(Reason.NO_SUCH_KEY, "no such key");
        }
        Optional<VersionDao.Stored> stored = versions.lock(c, bucketId, key, wireId);
        if (stored.isEmpty() || stored.get().deleteMarker()) {
            throw new StoreException(Reason.NO_SUCH_KEY, "no such version");
        }
        return new Target(stored.get().lock(), false, wireId);
    }

    private interface Binder {
        /** Binds the SET values; returns the next index. */
        int bind(PreparedStatement ps) throws SQLException;
    }

    private static void write(Connection c, long bucketId, byte[] key, Target t, String set, Binder binder)
            throws SQLException {
        boolean isNull = ObjectVersion.NULL_ID.equals(t.wireId());
        String sql = t.current() ? "UPDATE object SET " + set + " WHERE bucket_id = ? AND object_key = ?"
                : "UPDATE object_version SET " + set + " WHERE bucket_id = ? AND object_key = ? AND "
                + (isNull ? "null_version" : "version_id = ? AND NOT null_version");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = binder.bind(ps);
            ps.setLong(i++, bucketId);
            ps.setBytes(i++, key);
            if (!t.current() && !isNull) {
                ps.setString(i, t.wireId());
            }
            ps.executeUpdate();
        }
    }
}
