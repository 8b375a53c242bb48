package coffer.gateway.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the connection pool. Only the gateway knows HikariCP; the engine sees a plain DataSource. */
public final class DataSources {
    /** Connections kept open: as many as the gateway serves small requests at once on a small machine. */
    static final int POOL_SIZE = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);

    private DataSources() {
    }

    /**
     * Connection failures must surface in seconds (the S3 layer answers 503), never hang a request: short connect
     * and pool timeouts; affected-row counts so that conditional updates can be checked.
     *
     * <p>Per-request cost (docs/benchmarks.md, "Catalog round trips"): every connection is READ COMMITTED from the
     * start, the level the engine's write transactions ask for, so asking costs nothing (the driver tracks the
     * session's level) and the pool need not set it back on every return, which saves two statements per write
     * transaction. The pool is kept full (16): a burst of clients never waits for new connections.
     */
    /** For readiness: false when the server is a Galera node out of the primary component (docs/cluster.md). */
    public static boolean acceptsQueries(Connection c) throws SQLException {
        return GaleraSessions.acceptsQueries(c);
    }

    public static HikariDataSource pool(String url, String user, String password) {
        return pool(url, user, password, null);
    }

    /**
     * With the pool's metrics (Hikari's own Micrometer binding) in {@code registry}, when not null. A catalog on a
     * Galera cluster (docs/cluster.md) is recognised by a one-connection probe first; its sessions then run
     * {@link GaleraSessions#INIT_SQL} when they connect, and connect only to Synced nodes, in the URL's order, without
     * the driver's own failover ({@link GaleraSessions#url}).
     */
    public static HikariDataSource pool(String url, String user, String password, MeterRegistry registry) {
        boolean galera;
        HikariConfig probeConfig = config(url, user, password);
        probeConfig.setPoolName("coffer-catalog-probe");
        probeConfig.setMaximumPoolSize(1);
        probeConfig.setMinimumIdle(1);
        try (HikariDataSource probe = new HikariDataSource(probeConfig); Connection c = probe.getConnection()) {
            galera = GaleraSessions.isGaleraNode(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the catalog database: " + e.getMessage(), e);
        }
        Optional<String> initSql = galera ? GaleraSessions.initSql(url) : Optional.empty();
        if (galera) {
            LOG.info("catalog: the database is a Galera node; catalog sessions use {}, new connections go to the"
                    + " first Synced node of the URL, without the driver's own failover (docs/cluster.md)",
                    initSql.map(sql -> sql.substring("SET SESSION ".length())).orElse("the URL's wsrep_sync_wait"));
        }
        HikariConfig config = config(galera ? GaleraSessions.url(url) : url, user, password);
        config.setPoolName("coffer-catalog");
        initSql.ifPresent(config::setConnectionInitSql);
        if (registry != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return new HikariDataSource(config);
    }

    private static HikariConfig config(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withDefaults(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Below the 3 s that the AWS SDK's Apache client waits for "100 Continue": during an outage the 503 reaches
        // a waiting PUT before the client starts sending a body nobody will read (docs/s3-behaviour.md).
        config.setConnectionTimeout(2_500);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(30_000);
        config.setAutoCommit(true);
        return config;
    }

    static String withDefaults(String url) {
        StringBuilder u = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        for (String option : new String[] {"useAffectedRows=true", "connectTimeout=2000", "socketTimeout=60000"}) {
            String name = option.substring(0, option.indexOf('='));
            if (!url.contains(name + "=")) {
                u.append(sep).append(option);
                sep = '&';
            }
        }
        return u.toString();
    }
}
