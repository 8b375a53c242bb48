package coffer.gateway.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code console_user} table (V26): e-mail, password hash, account, and the per-account sign-in failure
 * counters. One short statement per call (autocommit); a catalog failure is 503.
 */
final class ConsoleUsers {
    private static final int DUPLICATE_KEY = 1062;

    /** A console user as stored. {@code accountId} is null only between the two steps of a sign-up. */
    record User(long id, String email, String passwordHash, Long accountId, int failedSignIns, Instant failuresSince) {
        @Override
        public String toString() {
            return "User[id=" + id + ", accountId=" + accountId + "]";
        }
    }

    private final DataSource db;

    ConsoleUsers(DataSource db) {
        this.db = db;
    }

    /** Inserts a user without account; empty if the e-mail address is taken. */
    Optional<Long> insert(String email, String passwordHash, Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO console_user (email, password_hash, created) VALUES (?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, email);
            s.setString(2, passwordHash);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return Optional.of(keys.getLong(1));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw ConsoleException.unavailable(e);
        }
    }

    void linkAccount(long userId, long accountId) {
        update("UPDATE console_user SET account_id = ? WHERE id = ?", accountId, userId);
    }

    void delete(long userId) {
        update("DELETE FROM console_user WHERE id = ?", userId);
    }

    Optional<User> findByEmail(String email) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, email, password_hash, account_id, failed_signins,"
                     + " failures_since FROM console_user WHERE email = ?")) {
            s.setString(1, email);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                long account = r.getLong(4);
                Long accountId = r.wasNull() ? null : account;
                Timestamp since = r.getTimestamp(6);
                return Optional.of(new User(r.getLong(1), r.getString(2), r.getString(3), accountId, r.getInt(5),
                        since == null ? null : since.toInstant()));
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    /**
     * Counts one failed sign-in: the count restarts at 1 when the last window (begun at {@code failures_since}) is
     * older than {@code windowStart}. MariaDB applies the assignments left to right, so both read the old
     * {@code failures_since}.
     */
    void recordFailure(long userId, Instant now, Instant windowStart) {
        update("UPDATE console_user SET"
                        + " failed_signins = IF(failures_since IS NULL OR failures_since < ?, 1, failed_signins + 1),"
                        + " failures_since = IF(failures_since IS NULL OR failures_since < ?, ?, failures_since)"
                        + " WHERE id = ?",
                Timestamp.from(windowStart), Timestamp.from(windowStart), Timestamp.from(now), userId);
    }

    void clearFailures(long userId) {
        update("UPDATE console_user SET failed_signins = 0, failures_since = NULL WHERE id = ?", userId);
    }

    private void update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }
}
