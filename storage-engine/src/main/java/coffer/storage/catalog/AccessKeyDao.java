package coffer.storage.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code access_key} table. Only sealed secrets pass through here. Stateless. */
final class AccessKeyDao {

    void insert(Connection c, String accessKeyId, long accountId, byte[] sealedSecret, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_key"
                + " (access_key_id, account_id, secret_sealed, state, created_at) VALUES (?, ?, ?, 'active', ?)")) {
            ps.setString(1, accessKeyId);
            ps.setLong(2, accountId);
            ps.setBytes(3, sealedSecret);
            Timestamps.set(ps, 4, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.DUPLICATE_KEY)) {
                throw new StoreException(Reason.ACCESS_KEY_ALREADY_EXISTS, "access key id is taken");
            }
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_ACCOUNT, "no such account");
            }
            throw e;
        }
    }

    /** An active key of an active account. */
    Optional<SealedAccessKey> findActive(Connection c, String accessKeyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.account_id, k.secret_sealed FROM access_key k"
                + " JOIN account a ON a.id = k.account_id"
                + " WHERE k.access_key_id = ? AND k.state = 'active' AND a.state = 'active'")) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SealedAccessKey(accessKeyId, rs.getLong(1), rs.getBytes(2)));
            }
        }
    }
}
