package coffer.gateway.health;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Whether the gateway can serve: the catalog database answers (a connection from the pool, validated within
 * {@value #DB_TIMEOUT_SECONDS} seconds; the pool itself gives up after its connection timeout; on Galera, the node is
 * in the primary component, {@code wsrep_ready}), the data directory takes a write, and with the S3 blob store, its
 * bucket answers ({@code blobStore}). Local volumes that can turn read-only fail their own writes; the data directory
 * check stands for them. Each check's result is named, never an exception's message (which might quote a JDBC URL).
 * Thread-safe.
 */
public final class Readiness {
    static final int DB_TIMEOUT_SECONDS = 2;

    /** Whether the server behind a session takes queries ({@code DataSources::acceptsQueries}: Galera's view). */
    @FunctionalInterface
    public interface ServerCheck {
        boolean acceptsQueries(Connection c) throws SQLException;
    }

    private final DataSource catalog;
    private final ServerCheck server;
    private final Path dataDir;
    private final BooleanSupplier blobStore;

    /**
     * With {@code server}: whether a pinged session's server takes queries; {@code blobStore}: whether the blob store
     * can take work now (always true for local disks).
     */
    public Readiness(DataSource catalog, ServerCheck server, Path dataDir, BooleanSupplier blobStore) {
        this.catalog = catalog;
        this.server = server;
        this.dataDir = dataDir;
        this.blobStore = blobStore;
    }

    /** The checks in a fixed order, each "ok" or what failed. */
    public record Report(Map<String, String> checks) {
        public boolean ready() {
            return checks.values().stream().allMatch("ok"::equals);
        }
    }

    public Report check() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", database());
        checks.put("dataDir", dataDirectory());
        checks.put("blobStore", blobStoreCheck());
        return new Report(checks);
    }

    private String database() {
        try (Connection c = catalog.getConnection()) {
            if (!c.isValid(DB_TIMEOUT_SECONDS)) {
                return "the database did not answer in time";
            }
            if (!server.acceptsQueries(c)) {
                // A pooled session to a Galera node that left the primary component still answers pings; new
                // sessions go only to Synced nodes (docs/cluster.md), so this one goes and the next check takes another.
                if (catalog instanceof HikariDataSource pool) {
                    pool.evictConnection(c);
                }
                return "the database node is not in the cluster's primary component";
            }
            return "ok";
        } catch (SQLException e) {
            return "the database is unreachable";
        }
    }

    private String blobStoreCheck() {
        try {
            return blobStore.getAsBoolean() ? "ok" : "the blob store is unreachable";
        } catch (RuntimeException e) {
            return "the blob store is unreachable";
        }
    }

    private String dataDirectory() {
        try {
            Path probe = Files.createTempFile(dataDir, ".ready-", ".probe");
            try {
                Files.write(probe, new byte[] {1});
            } finally {
                Files.deleteIfExists(probe);
            }
            return "ok";
        } catch (IOException | RuntimeException e) {
            return "the data directory is not writable";
        }
    }
}
