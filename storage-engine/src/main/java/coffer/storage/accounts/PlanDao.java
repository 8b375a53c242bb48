package coffer.storage.accounts;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code plan} table. Stateless. */
final class PlanDao {

    List<Plan> list(Connection c) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, quota_bytes FROM plan ORDER BY quota_bytes, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plans.add(new Plan(rs.getString(1), rs.getLong(2)));
            }
        }
        return plans;
    }

    /** NO_SUCH_PLAN if there is no such plan. */
    void setQuota(Connection c, String plan, long quotaBytes) throws SQLException {
        // The pool runs with useAffectedRows=true: an UPDATE that sets the same value reports 0 rows, so
        // existence is checked separately.
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM plan WHERE name = ? FOR UPDATE")) {
            ps.setString(1, plan);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(Reason.NO_SUCH_PLAN, "no such plan");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE plan SET quota_bytes = ? WHERE name = ?")) {
            ps.setLong(1, quotaBytes);
            ps.setString(2, plan);
            ps.executeUpdate();
        }
    }
}
