package coffer.storage.catalog;

import coffer.storage.Account;
import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** The {@code account} table. Stateless; every method runs on the caller's connection. */
final class AccountDao {

    boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM account LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    Account insert(Connection c, String name, String displayName, String email, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO account (name, display_name, email, state, created_at) VALUES (?, ?, ?, 'active', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, displayName);
            ps.setString(3, email);
            Timestamps.set(ps, 4, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Account(keys.getLong(1), name, Timestamps.truncate(now));
            }
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.DUPLICATE_KEY)) {
                throw new StoreException(Reason.ACCOUNT_ALREADY_EXISTS, "account name is taken");
            }
            throw e;
        }
    }
}
