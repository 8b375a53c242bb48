package coffer.storage.accounts;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.internal.catalog.SealedAccessKey;
import coffer.storage.internal.catalog.SqlErrors;
import coffer.storage.internal.catalog.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code access_key} table. Only sealed secrets pass through here. Stateless. */
final class AccessKeyDao {

    void insert(Connection c, String accessKeyId, long accountId, byte[] sealedSecret, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_key"
                + " (access_key_id, account_id, secret_sealed, secret_binding, state, created_at)"
                + " VALUES (?, ?, ?, ?, 'active', ?)")) {
            ps.setString(1, accessKeyId);
            ps.setLong(2, accountId);
            ps.setBytes(3, sealedSecret);
            ps.setInt(4, SealedAccessKey.BINDING_ACCOUNT_AND_KEY);
            Timestamps.set(ps, 5, now);
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

    /**
     * Up to {@code limit} rows (any state) whose secret is still sealed with {@code binding}, by access key id, after
     * {@code after} ("" for the first page).
     */
    List<SealedAccessKey> withBinding(Connection c, int binding, String after, int limit) throws SQLException {
        List<SealedAccessKey> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT access_key_id, account_id, secret_sealed"
                + " FROM access_key WHERE secret_binding = ? AND access_key_id > ? ORDER BY access_key_id LIMIT ?")) {
            ps.setInt(1, binding);
            ps.setString(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SealedAccessKey(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
        return rows;
    }

    /**
     * Replaces a row's sealed secret and binding, only where it still holds {@code old} (account and value), so a
     * concurrent change wins. Returns whether it was replaced.
     */
    boolean rebind(Connection c, SealedAccessKey old, byte[] sealedSecret, int binding) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE access_key SET secret_sealed = ?, secret_binding = ?"
                + " WHERE access_key_id = ? AND account_id = ? AND secret_sealed = ?")) {
            ps.setBytes(1, sealedSecret);
            ps.setInt(2, binding);
            ps.setString(3, old.accessKeyId());
            ps.setLong(4, old.accountId());
            ps.setBytes(5, old.sealedSecret());
            return ps.executeUpdate() > 0;
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
