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
 * a write that was already acknowledged. And new connections only to Synced nodes ({@link #url}). Stateless.
 */
final class GaleraSessions {
    /** The causality checks asked for: 1, reads (SELECT, SHOW, BEGIN / START TRANSACTION). */
    static final int SYNC_WAIT = 1;
    static final String INIT_SQL = "SET SESSION wsrep_sync_wait = " + SYNC_WAIT;
    /** {@code wsrep_local_state} of a node that is in the primary component and up to date. */
    static final int SYNCED = 4;
    private static final int UNKNOWN_SYSTEM_VARIABLE = 1193;
    private static final String SEQUENTIAL = "jdbc:mariadb:sequential://";
    private static final String PLAIN = "jdbc:mariadb://";

    private GaleraSessions() {
    }

    /**
     * The statement every new connection to a Galera node runs, unless the operator's URL sets
     * {@code wsrep_sync_wait} itself (then empty).
     */
    static Optional<String> initSql(String url) {
        return url.contains("wsrep_sync_wait") ? Optional.empty() : Optional.of(INIT_SQL);
    }

    /**
     * The URL for a Galera cluster (docs/cluster.md, "The URL"):
     * <ul>
     * <li>a {@code sequential} URL becomes the driver's plain multi-host URL, which connects to the hosts in the same
     * order but has none of the driver's own failover: a connection whose node fails just fails (the pool drops it and
     * {@code Transactions} runs the work again on a new one). The driver's failover would reconnect inside the
     * failing call, skip every host that failed once in the last 60 s (a list shared by the whole JVM) and, when all
     * hosts are on that list, retry the one listed first for 30 s (120 tries, 250 ms apart) even when it can never
     * answer (a desynced node) and another one has recovered: the partition step of {@code make test-cluster} hung
     * on it for a minute. Its reconnected sessions also lack the pool's {@link #INIT_SQL};</li>
     * <li>{@code galeraAllowedState=4}: MariaDB Connector/J checks {@code wsrep_local_state} when it connects, and
     * moves on to the next host unless the node is Synced, so that a node that is joining, a donor, or cut off from
     * the primary component (which would answer every query with 1047) gets no new catalog connections. The
     * operator's own value wins.</li>
     * </ul>
     */
    static String url(String url) {
        String plain = url.regionMatches(true, 0, SEQUENTIAL, 0, SEQUENTIAL.length())
                ? PLAIN + url.substring(SEQUENTIAL.length()) : url;
        if (plain.contains("galeraAllowedState=")) {
            return plain;
        }
        return plain + (plain.contains("?") ? "&" : "?") + "galeraAllowedState=" + SYNCED;
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

    /**
     * Whether the server takes queries: true unless it is a Galera node whose {@code wsrep_ready} is not ON (out of
     * the primary component: it still answers pings, and refuses statements with 1047). A server built with wsrep
     * but not in a cluster shows {@code wsrep_ready} OFF too, hence the Galera check first.
     */
    static boolean acceptsQueries(Connection c) throws SQLException {
        if (!isGaleraNode(c)) {
            return true;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep_ready'")) {
            return rs.next() && "ON".equalsIgnoreCase(rs.getString(2));
        }
    }
}
