package coffer.gateway.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What catalog sessions need when the catalog server is a Galera node (docs/cluster.md, "Reads after a
 * failover"): {@code wsrep_sync_wait = 1}, so that a read (SELECT, and START TRANSACTION, with which every write
 * transaction begins) first waits until this node has applied every write set the cluster had committed when the
 * read arrived. Without it, a read on another node than the write's (after a failover, or a second gateway) can miss
 * a write that was already acknowledged. Stateless.
 */
final class GaleraSessions {
    /** The causality checks asked for: 1, reads (SELECT, SHOW, BEGIN / START TRANSACTION). */
    static final int SYNC_WAIT = 1;
    static final String INIT_SQL = "SET SESSION wsrep_sync_wait = " + SYNC_WAIT;
    private static final int UNKNOWN_SYSTEM_VARIABLE = 1193;

    private GaleraSessions() {
    }

    /**
     * The statement every new catalog connection runs, when {@code c}'s server is a Galera node (wsrep on, with a
     * provider) and the operator's URL does not set {@code wsrep_sync_wait} itself; empty otherwise.
     */
    static Optional<String> initSql(Connection c, String url) throws SQLException {
        if (url.contains("wsrep_sync_wait") || !isGaleraNode(c)) {
            return Optional.empty();
        }
        return Optional.of(INIT_SQL);
    }

    /** wsrep_on and a provider other than none; a server built without wsrep has neither variable. */
    static boolean isGaleraNode(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@global.wsrep_on, @@global.wsrep_provider")) {
            if (!rs.next()) {
                return false;
            }
            String provider = rs.getString(2);
            return rs.getInt(1) == 1 && provider != null && !provider.isBlank() && !provider.equalsIgnoreCase("none");
        } catch (SQLException e) {
            if (e.getErrorCode() == UNKNOWN_SYSTEM_VARIABLE) {
                return false;
            }
            throw e;
        }
    }
}
