package coffer.gateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local-user attack on the embedded MariaDB (issue 10): another OS user of the machine reaches the port on
 * 127.0.0.1 and the socket. Before, mysqld ran with {@code --skip-grant-tables}, so any user name without a password
 * could read and change the catalog, and {@code SELECT ... INTO DUMPFILE} wrote files as the gateway's user. A real
 * MariaDB, real connections.
 */
class EmbeddedDbLocalUserAttackTest {
    private static Path dir;
    private static EmbeddedMariaDb db;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "dbsec-")
                .resolve("db");
        db = EmbeddedMariaDb.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + db.port() + "/coffer?connectTimeout=5000",
                user, password);
    }

    @Test
    void connectionsWithoutThePasswordAreRefused() {
        for (List<String> attempt : List.of(List.of("root", ""), List.of("root", "root"), List.of("coffer", ""),
                List.of("coffer", "guess"), List.of("", ""), List.of("mysql", ""), List.of("mariadb.sys", ""),
                List.of("attacker", ""))) {
            SQLException refused = assertThrows(SQLException.class, () -> connect(attempt.get(0), attempt.get(1))
                    .close(), "connecting as '" + attempt.get(0) + "' with password '" + attempt.get(1) + "'");
            assertEquals("28000", refused.getSQLState(), refused.getMessage()); // access denied, not unreachable
        }
    }

    @Test
    void theGatewayAccountReachesTheCatalogAndNothingElse() throws Exception {
        ServerConfig.DatabaseConfig catalog = db.catalog();
        assertEquals("coffer", catalog.user());
        try (Connection c = connect(catalog.user(), catalog.password()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
            s.execute("INSERT INTO probe VALUES (1)");
            s.execute("DROP TABLE probe");
            List<String> grants = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    grants.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
            for (String grant : grants) {
                assertFalse(grant.contains("FILE") || grant.contains("SUPER")
                        || grant.startsWith("GRANT ALL PRIVILEGES ON *.*"), grant);
            }
            // The hole of the issue: a file written as mysqld's (the gateway's) OS user, e.g. into the key directory.
            Path target = dir.getParent().resolve("planted");
            SQLException dump = assertThrows(SQLException.class,
                    () -> s.execute("SELECT 'x' INTO DUMPFILE '" + target + "'"));
            assertTrue(dump.getMessage().contains("denied"), dump.getMessage());
            assertFalse(Files.exists(target));
            assertThrows(SQLException.class, () -> s.execute("SET GLOBAL general_log_file = '" + target + "'"));
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM mysql.global_priv"));
            assertThrows(SQLException.class, () -> s.execute("CREATE DATABASE other"));
            assertThrows(SQLException.class, () -> s.execute("CREATE DATABASE test_other"));
            try (ResultSet rs = s.executeQuery("SELECT @@secure_file_priv, @@socket, @@bind_address")) {
                rs.next();
                assertEquals(dir.resolve("files").toAbsolutePath() + "/", rs.getString(1));
                assertEquals(dir.resolve("mariadb.sock").toAbsolutePath().toString(), rs.getString(2));
                assertEquals("127.0.0.1", rs.getString(3));
            }
        }
    }

    @Test
    void stateIsPrivateToTheGatewayUser() throws Exception {
        for (Path d : List.of(dir, dir.resolve("data"), dir.resolve("tmp"), dir.resolve("files"))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("password"))));
        assertFalse(Files.exists(dir.resolve("init.sql")), "the init file (with the password) is gone after start");
        assertFalse(Files.exists(dir.resolve("base")), "no copy of the programs in the data directory");
        try (var files = Files.list(dir.resolve("files"))) {
            assertEquals(0, files.count(), "secure_file_priv directory stays empty");
        }
    }

    /** Issue 10, "a small disk": the programs live in the shared cache, the data directory holds data only. */
    @Test
    void dataDirectoryHoldsDataOnly() throws Exception {
        long bytes;
        try (var files = Files.walk(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("[dbsec] embedded database directory after the first start: %d MB%n", bytes >> 20);
        assertTrue(bytes < 200L << 20, bytes + " bytes");
        try (var files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("mariadbd")));
        }
    }

    @Test
    void theAdministratorPathIsTheSocketAsThisOsUser() throws Exception {
        db.administer("CREATE DATABASE IF NOT EXISTS admin_probe;");
        ServerConfig.DatabaseConfig other = db.database("granted_probe");
        try (Connection c = DriverManager.getConnection(other.url(), other.user(), other.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
        }
    }
}
