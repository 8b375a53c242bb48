package coffer.it.support;

import coffer.gateway.config.ServerConfig;
import coffer.gateway.db.EmbeddedMariaDb;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one embedded MariaDB of this test JVM (the gateway's own {@link EmbeddedMariaDb}, started on first use and
 * stopped at JVM exit; a start costs seconds, so it happens once). Each gateway gets its own database on it
 * through the gateway's catalog account (no FILE, no SUPER); tests that watch or steer the server itself connect
 * with {@link #adminConnection}, a test-only superuser whose random password lives only in this JVM. Thread-safe.
 */
public final class SharedMariaDb {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String ADMIN_USER = "coffer_it_admin";
    private static EmbeddedMariaDb sharedDb;
    private static String adminPassword;

    private SharedMariaDb() {
    }

    /** The server, started on first call under {@code target/mariadb}. */
    public static synchronized EmbeddedMariaDb server() throws Exception {
        if (sharedDb == null) {
            Path dir = Path.of("target", "mariadb").toAbsolutePath();
            EmbeddedMariaDb db = EmbeddedMariaDb.start(dir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            db.administer("CREATE OR REPLACE USER '" + ADMIN_USER + "'@'127.0.0.1' IDENTIFIED BY '" + password
                    + "';\nGRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'127.0.0.1';");
            sharedDb = db;
            adminPassword = password;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (Exception e) {
                    // the JVM is exiting; nothing more to do
                }
            }));
        }
        return sharedDb;
    }

    /** A fresh database for one gateway's catalog, named {@code <prefix>_<n>_<pid>}, and the catalog account. */
    public static ServerConfig.DatabaseConfig newCatalog(String prefix) throws Exception {
        return server().database(prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
    }

    /**
     * A connection to {@code jdbcUrl} on the shared database as the test-only superuser, for tests that read a
     * gateway's tables or the server's general log.
     */
    public static Connection adminConnection(String jdbcUrl) throws SQLException {
        String password;
        synchronized (SharedMariaDb.class) {
            password = adminPassword;
        }
        if (password == null) {
            throw new IllegalStateException("the shared database is not started");
        }
        return DriverManager.getConnection(jdbcUrl, ADMIN_USER, password);
    }
}
