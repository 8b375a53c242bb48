package coffer.gateway.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code console_session} table (V26): a session is found by the SHA-256 of its cookie token and carries the
 * SHA-256 of its CSRF token. No token is stored in the clear. One short statement per call; a catalog failure is 503.
 */
final class ConsoleSessions {
    private final DataSource db;

    /** A live session, with its user. */
    record Session(byte[] tokenHash, long userId, String email, long accountId, byte[] csrfHash) {
        @Override
        public String toString() {
            return "Session[userId=" + userId + "]";
        }
    }

    ConsoleSessions(DataSource db) {
        this.db = db;
    }

    void create(byte[] tokenHash, long userId, byte[] csrfHash, Instant now, Instant expires) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO console_session (token_hash, user_id, csrf_hash,"
                     + " created, expires) VALUES (?, ?, ?, ?, ?)")) {
            s.setBytes(1, tokenHash);
            s.setLong(2, userId);
            s.setBytes(3, csrfHash);
            s.setTimestamp(4, Timestamp.from(now));
            s.setTimestamp(5, Timestamp.from(expires));
            s.executeUpdate();
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    /** The session whose token hashes to {@code tokenHash}, if it has not expired and its user has an account. */
    Optional<Session> find(byte[] tokenHash, Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT s.user_id, u.email, u.account_id, s.csrf_hash"
                     + " FROM console_session s JOIN console_user u ON u.id = s.user_id"
                     + " WHERE s.token_hash = ? AND s.expires > ? AND u.account_id IS NOT NULL")) {
            s.setBytes(1, tokenHash);
            s.setTimestamp(2, Timestamp.from(now));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Session(tokenHash, r.getLong(1), r.getString(2), r.getLong(3),
                        r.getBytes(4))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    void delete(byte[] tokenHash) {
        update("DELETE FROM console_session WHERE token_hash = ?", tokenHash);
    }

    /** Ends every session of the user ("sign out everywhere"); the number ended. */
    int deleteAll(long userId) {
        return update("DELETE FROM console_session WHERE user_id = ?", userId);
    }

    /** Removes up to 1,000 expired sessions (called at each sign-in, so the table does not grow without bound). */
    void purgeExpired(Instant now) {
        update("DELETE FROM console_session WHERE expires <= ? LIMIT 1000", Timestamp.from(now));
    }

    private int update(String sql, Object param) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }
}
