package coffer.storage.internal.catalog;

import coffer.storage.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The {@code background_lease} table (V17): compare-and-set statements on one row per lease, every time taken from
 * the database's clock ({@code NOW(6)}), never from a gateway's, so that gateways whose clocks disagree still agree
 * on when a lease has run out. Not {@code GET_LOCK}: Galera does not replicate it. Each method is one autocommitted
 * statement (or two in one transaction); a failure is a {@link StoreException}. Thread-safe.
 */
public final class LeaseCatalog {
    /** What the row says now, by the database's clock. */
    public record LeaseRow(Optional<String> holder, long epoch, Instant expires, Instant now) {
        /** The holder whose lease has not run out, if any. */
        public Optional<String> liveHolder() {
            return expires.isAfter(now) ? holder : Optional.empty();
        }
    }

    private final DataSource db;
    private final String name;

    public LeaseCatalog(DataSource db, String name) {
        this.db = Objects.requireNonNull(db, "db");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Takes the lease for {@code holder} ({@code name/suffix}) until {@code duration} from the database's now, if
     * nobody holds it, its holder's lease has run out, or its holder is an earlier start of the same gateway name
     * (a gateway restarted after a crash takes its own lease back at once: gateway ids are unique, so that earlier
     * start is dead); returns the new epoch, or empty when someone else holds it.
     */
    public OptionalLong acquire(String holder, Duration duration) {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int taken;
                try (PreparedStatement ps = c.prepareStatement("UPDATE background_lease SET holder = ?, "
                        + "epoch = epoch + 1, acquired = NOW(6), expires = NOW(6) + INTERVAL ? MICROSECOND "
                        + "WHERE name = ? AND (holder IS NULL OR expires <= NOW(6) "
                        + "OR (LEFT(holder, CHAR_LENGTH(?)) = ? AND holder <> ?))")) {
                    String sameName = holder.contains("/") ? holder.substring(0, holder.lastIndexOf('/') + 1)
                            : holder + "/";
                    ps.setString(1, holder);
                    ps.setLong(2, micros(duration));
                    ps.setString(3, name);
                    ps.setString(4, sameName);
                    ps.setString(5, sameName);
                    ps.setString(6, holder);
                    taken = ps.executeUpdate();
                }
                OptionalLong epoch = OptionalLong.empty();
                if (taken == 1) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT epoch FROM background_lease WHERE name = ? AND holder = ?")) {
                        ps.setString(1, name);
                        ps.setString(2, holder);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                epoch = OptionalLong.of(rs.getLong(1));
                            }
                        }
                    }
                }
                c.commit();
                return epoch;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw unavailable("take", e);
        }
    }

    /**
     * Extends {@code holder}'s lease of {@code epoch} to {@code duration} from the database's now, only while it has
     * not run out; false when it has or someone else took it over (the caller must stop its jobs).
     */
    public boolean renew(String holder, long epoch, Duration duration) {
        return update("UPDATE background_lease SET expires = NOW(6) + INTERVAL ? MICROSECOND "
                + "WHERE name = ? AND holder = ? AND epoch = ? AND expires > NOW(6)", micros(duration), holder, epoch);
    }

    /** Gives the lease up at once (a clean stop), so that another gateway takes it at its next try. */
    public boolean release(String holder, long epoch) {
        return update("UPDATE background_lease SET holder = NULL, expires = NOW(6) "
                + "WHERE name = ? AND holder = ? AND epoch = ?", null, holder, epoch);
    }

    /** The row and the database's now. */
    public LeaseRow read() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT holder, epoch, expires, NOW(6) FROM background_lease WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(StoreException.Reason.INTERNAL, "no " + name + " lease row");
                }
                return new LeaseRow(Optional.ofNullable(rs.getString(1)), rs.getLong(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)));
            }
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    private boolean update(String sql, Long micros, String holder, long epoch) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (micros != null) {
                ps.setLong(i++, micros);
            }
            ps.setString(i++, name);
            ps.setString(i++, holder);
            ps.setLong(i, epoch);
            int rows = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return rows == 1;
        } catch (SQLException e) {
            throw unavailable("update", e);
        }
    }

    private StoreException unavailable(String what, SQLException e) {
        return new StoreException(StoreException.Reason.UNAVAILABLE,
                "could not " + what + " the " + name + " lease", e);
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    /** DATETIME read as the session's wall clock; only compared with NOW(6) read the same way. */
    private static Instant instant(Timestamp t) {
        return t.toInstant();
    }
}
