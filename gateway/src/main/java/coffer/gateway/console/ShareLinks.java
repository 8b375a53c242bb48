package coffer.gateway.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code console_share} and {@code console_share_grant} tables (V42): share links, found by the SHA-256 of their
 * token, and the password grants of browsers that unlocked one. One short statement per call (autocommit); a catalog
 * failure is 503.
 */
final class ShareLinks {
    static final String OBJECT = "object";
    static final String FOLDER = "folder";
    /** At most this many live (unrevoked) links per account. */
    static final int MAX_PER_ACCOUNT = 1000;

    /** A share link as stored. {@code expires} and {@code maxDownloads} are null for "never" and "no limit". */
    record Link(long id, long accountId, long bucketId, String bucketName, String kind, String path,
                String passwordHash, Instant created, Instant expires, Integer maxDownloads, int downloads,
                Instant revoked, int failedPasswords, Instant failuresSince) {
        boolean folder() {
            return FOLDER.equals(kind);
        }

        boolean expired(Instant now) {
            return expires != null && !expires.isAfter(now);
        }

        boolean exhausted() {
            return maxDownloads != null && downloads >= maxDownloads;
        }

        @Override
        public String toString() {
            return "Link[id=" + id + "]";
        }
    }

    private static final String COLUMNS = "id, account_id, bucket_id, bucket_name, kind, path, password_hash, created,"
            + " expires, max_downloads, downloads, revoked, failed_passwords, failures_since";

    private final DataSource db;

    ShareLinks(DataSource db) {
        this.db = db;
    }

    long insert(byte[] tokenHash, long accountId, long bucketId, String bucketName, String kind, String path,
                String passwordHash, Instant now, Instant expires, Integer maxDownloads) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO console_share (token_hash, account_id, bucket_id,"
                     + " bucket_name, kind, path, password_hash, created, expires, max_downloads)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setBytes(1, tokenHash);
            s.setLong(2, accountId);
            s.setLong(3, bucketId);
            s.setString(4, bucketName);
            s.setString(5, kind);
            s.setString(6, path);
            s.setString(7, passwordHash);
            s.setTimestamp(8, Timestamp.from(now));
            s.setTimestamp(9, expires == null ? null : Timestamp.from(expires));
            if (maxDownloads == null) {
                s.setNull(10, Types.INTEGER);
            } else {
                s.setInt(10, maxDownloads);
            }
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    Optional<Link> findByToken(byte[] tokenHash) {
        return one("SELECT " + COLUMNS + " FROM console_share WHERE token_hash = ?", tokenHash);
    }

    Optional<Link> findById(long id) {
        return one("SELECT " + COLUMNS + " FROM console_share WHERE id = ?", id);
    }

    /** The account's unrevoked links, newest first. */
    List<Link> live(long accountId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM console_share"
                     + " WHERE account_id = ? AND revoked IS NULL ORDER BY id DESC LIMIT " + MAX_PER_ACCOUNT)) {
            s.setLong(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                List<Link> links = new ArrayList<>();
                while (r.next()) {
                    links.add(link(r));
                }
                return links;
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    int countLive(long accountId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT COUNT(*) FROM console_share WHERE account_id = ? AND revoked IS NULL")) {
            s.setLong(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    /** Revokes the account's link {@code id}; false when the account has no such live link. Its grants go too. */
    boolean revoke(long id, long accountId, Instant now) {
        boolean done = update("UPDATE console_share SET revoked = ? WHERE id = ? AND account_id = ? AND revoked IS NULL",
                Timestamp.from(now), id, accountId) == 1;
        if (done) {
            update("DELETE FROM console_share_grant WHERE share_id = ?", id);
        }
        return done;
    }

    /**
     * Counts one download, atomically, if the link still serves one (not revoked, not expired, under its limit);
     * false otherwise (the caller reloads the row to say why).
     */
    boolean countDownload(long id, Instant now) {
        return update("UPDATE console_share SET downloads = downloads + 1 WHERE id = ? AND revoked IS NULL"
                + " AND (expires IS NULL OR expires > ?) AND (max_downloads IS NULL OR downloads < max_downloads)",
                id, Timestamp.from(now)) == 1;
    }

    /** One wrong password: the count restarts at 1 when the last window (begun at failures_since) is over. */
    void recordFailure(long id, Instant now, Instant windowStart) {
        update("UPDATE console_share SET"
                        + " failed_passwords = IF(failures_since IS NULL OR failures_since < ?, 1, failed_passwords + 1),"
                        + " failures_since = IF(failures_since IS NULL OR failures_since < ?, ?, failures_since)"
                        + " WHERE id = ?",
                Timestamp.from(windowStart), Timestamp.from(windowStart), Timestamp.from(now), id);
    }

    void clearFailures(long id) {
        update("UPDATE console_share SET failed_passwords = 0, failures_since = NULL WHERE id = ?", id);
    }

    void grant(byte[] tokenHash, long shareId, Instant expires, Instant now) {
        update("DELETE FROM console_share_grant WHERE expires <= ? LIMIT 1000", Timestamp.from(now));
        update("INSERT INTO console_share_grant (token_hash, share_id, expires) VALUES (?, ?, ?)", tokenHash, shareId,
                Timestamp.from(expires));
    }

    boolean granted(byte[] tokenHash, long shareId, Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM console_share_grant"
                     + " WHERE token_hash = ? AND share_id = ? AND expires > ?")) {
            s.setBytes(1, tokenHash);
            s.setLong(2, shareId);
            s.setTimestamp(3, Timestamp.from(now));
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    private Optional<Link> one(String sql, Object param) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(link(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    private static Link link(ResultSet r) throws SQLException {
        int max = r.getInt(10);
        Integer maxDownloads = r.wasNull() ? null : max;
        return new Link(r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5), r.getString(6),
                r.getString(7), instant(r.getTimestamp(8)), instant(r.getTimestamp(9)), maxDownloads, r.getInt(11),
                instant(r.getTimestamp(12)), r.getInt(13), instant(r.getTimestamp(14)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private int update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }
}
