package coffer.storage.quota;

import coffer.storage.catalog.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code reservation} rows: quota bytes held by requests in flight, each with its gateway and lease. */
final class ReservationDao {

    /** A reservation row as the reaper sees it. */
    record Row(long id, long accountId, long bytes) {
    }

    long insert(Connection c, long accountId, long bytes, String gateway, Instant now, Instant expires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reservation (account_id, bytes, gateway,"
                + " created, expires) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, accountId);
            ps.setLong(2, bytes);
            ps.setString(3, gateway);
            Timestamps.set(ps, 4, now);
            Timestamps.set(ps, 5, expires);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for the reservation");
                }
                return keys.getLong(1);
            }
        }
    }

    /** Deletes the row; false if it is gone already (consumed, released or reaped). */
    boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM reservation WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes the row if its lease ended before {@code now}; false if it was renewed or is gone. */
    boolean deleteIfExpired(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM reservation WHERE id = ? AND expires < ?")) {
            ps.setLong(1, id);
            Timestamps.set(ps, 2, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** Up to {@code limit} rows whose lease ended before {@code now}, oldest first (a plain read). */
    List<Row> expired(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, account_id, bytes FROM reservation"
                + " WHERE expires < ? ORDER BY expires LIMIT ?")) {
            Timestamps.set(ps, 1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
                return rows;
            }
        }
    }

    /** Moves the lease of the given rows of {@code gateway} to {@code expires}; returns the rows renewed. */
    int renew(Connection c, String gateway, Collection<Long> ids, Instant expires) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        String marks = ", ?".repeat(ids.size()).substring(2);
        try (PreparedStatement ps = c.prepareStatement("UPDATE reservation SET expires = ? WHERE gateway = ?"
                + " AND id IN (" + marks + ")")) {
            Timestamps.set(ps, 1, expires);
            ps.setString(2, gateway);
            int i = 3;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            return ps.executeUpdate();
        }
    }
}
