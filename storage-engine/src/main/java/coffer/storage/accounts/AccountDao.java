package coffer.storage.accounts;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.catalog.SqlErrors;
import coffer.storage.catalog.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code account} table, with its {@code usage} row (created in the same transaction) and its plan's quota.
 * Stateless; every method runs on the caller's connection.
 */
final class AccountDao {
    /** Canonical ids: 32 random bytes in lowercase hex. Its own generator, as the DAO is built without one. */
    private final SecureRandom random = new SecureRandom();
    /** The columns of {@link AccountInfo}, in the order {@link #read} expects. */
    private static final String INFO = "SELECT a.id, a.name, a.display_name, a.email, a.state, a.plan, a.quota_bytes,"
            + " COALESCE(a.quota_bytes, p.quota_bytes), a.legacy_id, a.created_at, u.used_bytes, u.reserved_bytes,"
            + " u.object_count FROM account a JOIN plan p ON p.name = a.plan"
            + " LEFT JOIN `usage` u ON u.account_id = a.id";

    boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM account LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Inserts an active account and its zeroed usage row; returns its id. ACCOUNT_ALREADY_EXISTS, NO_SUCH_PLAN. */
    long insert(Connection c, NewAccount a, Instant now) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account (name, display_name, email, state,"
                + " created_at, plan, quota_bytes, legacy_id, legacy_closed_at, canonical_id) VALUES (?, ?, ?,"
                + " 'active', ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, a.name());
            ps.setString(2, a.displayName());
            ps.setString(3, a.email());
            Timestamps.set(ps, 4, now);
            ps.setString(5, a.plan());
            setNullableLong(ps, 6, a.quotaOverride());
            ps.setString(7, a.legacyId());
            if (a.legacyClosedAt() == null) {
                ps.setNull(8, Types.TIMESTAMP);
            } else {
                Timestamps.set(ps, 8, a.legacyClosedAt());
            }
            ps.setString(9, newCanonicalId());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.DUPLICATE_KEY)) {
                throw new StoreException(Reason.ACCOUNT_ALREADY_EXISTS, "account name or legacy id is taken");
            }
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_PLAN, "no such plan");
            }
            throw e;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO `usage` (account_id) VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        return id;
    }

    Optional<AccountInfo> findByName(Connection c, String name) throws SQLException {
        return findOne(c, INFO + " WHERE a.name = ?", name);
    }

    Optional<AccountInfo> findById(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INFO + " WHERE a.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The accounts with this e-mail address, compared case-insensitively (e-mail domains are). */
    List<AccountInfo> findByEmail(Connection c, String email) throws SQLException {
        List<AccountInfo> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INFO + " WHERE LOWER(a.email) = LOWER(?) ORDER BY a.id")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    /** A fresh canonical id: 64 lowercase hex digits, 256 random bits. */
    String newCanonicalId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The account's canonical id; empty for no such account (or one not yet given an id). */
    Optional<String> canonicalId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT canonical_id FROM account WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The account with this canonical id, any state. */
    Optional<AccountInfo> findByCanonicalId(Connection c, String canonicalId) throws SQLException {
        return findOne(c, INFO + " WHERE a.canonical_id = ?", canonicalId);
    }

    /** Gives every account without a canonical id (created before V15) a fresh one; returns how many. */
    int backfillCanonicalIds(Connection c) throws SQLException {
        List<Long> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM account WHERE canonical_id IS NULL");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                missing.add(rs.getLong(1));
            }
        }
        int done = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE account SET canonical_id = ? WHERE id = ? AND canonical_id IS NULL")) {
            for (long id : missing) {
                ps.setString(1, newCanonicalId());
                ps.setLong(2, id);
                done += ps.executeUpdate();
            }
        }
        return done;
    }

    Optional<AccountInfo> findByLegacyId(Connection c, String legacyId) throws SQLException {
        return findOne(c, INFO + " WHERE a.legacy_id = ?", legacyId);
    }

    List<AccountInfo> list(Connection c) throws SQLException {
        List<AccountInfo> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INFO + " ORDER BY a.name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(read(rs));
            }
        }
        return all;
    }

    /** Locks the account row for the rest of the transaction. NO_SUCH_ACCOUNT. */
    AccountState lockState(Connection c, long accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM account WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(Reason.NO_SUCH_ACCOUNT, "no such account");
                }
                return AccountState.of(rs.getString(1));
            }
        }
    }

    void setState(Connection c, long accountId, AccountState state) throws SQLException {
        update(c, "UPDATE account SET state = ? WHERE id = ?", state.value(), accountId);
    }

    void setPlan(Connection c, long accountId, String plan) throws SQLException {
        try {
            update(c, "UPDATE account SET plan = ? WHERE id = ?", plan, accountId);
        } catch (SQLException e) {
            if (SqlErrors.is(e, SqlErrors.NO_REFERENCED_ROW)) {
                throw new StoreException(Reason.NO_SUCH_PLAN, "no such plan");
            }
            throw e;
        }
    }

    void setQuota(Connection c, long accountId, Long quotaOverride) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE account SET quota_bytes = ? WHERE id = ?")) {
            setNullableLong(ps, 1, quotaOverride);
            ps.setLong(2, accountId);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, String value, long accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, accountId);
            ps.executeUpdate();
        }
    }

    private static Optional<AccountInfo> findOne(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static AccountInfo read(ResultSet rs) throws SQLException {
        long override = rs.getLong(7);
        Long quotaOverride = rs.wasNull() ? null : override;
        return new AccountInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                AccountState.of(rs.getString(5)), rs.getString(6), quotaOverride, rs.getLong(8), rs.getString(9),
                Timestamps.get(rs, "created_at"),
                new AccountUsage(rs.getLong(11), rs.getLong(12), rs.getLong(13)));
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
