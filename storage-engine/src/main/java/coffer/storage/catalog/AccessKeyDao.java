package coffer.storage.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import coffer.storage.accounts.AccessKeyInfo;
import coffer.storage.accounts.AccountState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * An active key of an account that may still sign requests (active or suspended), with the account's state,
     * so that the S3 layer can refuse a suspended account's writes.
     */
    Optional<SigningRow> findForSigning(Connection c, String accessKeyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.account_id, k.secret_sealed, a.state"
                + " FROM access_key k JOIN account a ON a.id = k.account_id"
                + " WHERE k.access_key_id = ? AND k.state = 'active' AND a.state IN ('active', 'suspended')")) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SigningRow(new SealedAccessKey(accessKeyId, rs.getLong(1), rs.getBytes(2)),
                        AccountState.of(rs.getString(3))));
            }
        }
    }

    /** A sealed key with its account's state. */
    record SigningRow(SealedAccessKey key, AccountState accountState) {
    }

    /** The account's keys, oldest first. */
    List<AccessKeyInfo> listForAccount(Connection c, long accountId) throws SQLException {
        List<AccessKeyInfo> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT access_key_id, state, created_at FROM access_key"
                + " WHERE account_id = ? ORDER BY created_at, access_key_id")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new AccessKeyInfo(rs.getString(1), rs.getString(2), Timestamps.get(rs, "created_at")));
                }
            }
        }
        return keys;
    }

    /** The owning account of a key, active or revoked. */
    Optional<Long> ownerOf(Connection c, String accessKeyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT account_id FROM access_key WHERE access_key_id = ?")) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Revokes one key; returns whether it was active. */
    boolean revoke(Connection c, String accessKeyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE access_key SET state = 'revoked' WHERE access_key_id = ? AND state = 'active'")) {
            ps.setString(1, accessKeyId);
            return ps.executeUpdate() > 0;
        }
    }

    /** Revokes every active key of the account; returns how many. */
    int revokeAll(Connection c, long accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE access_key SET state = 'revoked' WHERE account_id = ? AND state = 'active'")) {
            ps.setLong(1, accountId);
            return ps.executeUpdate();
        }
    }
}
