package coffer.storage.accounts;

import coffer.storage.catalog.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The append-only {@code audit} table. Stateless. */
final class AuditDao {

    void append(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)")) {
            Timestamps.set(ps, 1, e.at());
            ps.setString(2, e.actor());
            ps.setString(3, e.action());
            ps.setString(4, e.subject());
            ps.setString(5, e.detail());
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} entries, newest first. */
    List<AuditEntry> recent(Connection c, int limit) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT at, actor, action, subject, detail FROM audit ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(Timestamps.get(rs, "at"), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        return entries;
    }
}
