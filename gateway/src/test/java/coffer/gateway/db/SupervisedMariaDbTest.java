package coffer.gateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real mysqld processes on one data directory: one killed alone, one left over by an earlier start. */
class SupervisedMariaDbTest {
    private static final Duration BOUND = Duration.ofSeconds(90);
    private static Path dir;

    @BeforeAll
    static void directory() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "supervised-");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        MysqldProcesses.serving(EmbeddedMariaDb.dataDir(dir)).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aMysqldKilledAloneIsStartedAgainOnTheSamePortWithItsData() throws Exception {
        try (SupervisedMariaDb db = SupervisedMariaDb.start(dir, MariaDbBinaries.defaultRoot())) {
            ServerConfig.DatabaseConfig url = db.catalog();
            sql(url, "CREATE TABLE t (v INT) ENGINE=InnoDB");
            sql(url, "INSERT INTO t VALUES (42)");
            ProcessHandle mysqld = MysqldProcesses.theOne(EmbeddedMariaDb.dataDir(dir)).orElseThrow();

            mysqld.destroyForcibly();
            long killed = System.nanoTime();
            assertTrue(mysqld.onExit().get().pid() > 0);
            int value = -1;
            while (value < 0 && System.nanoTime() - killed < BOUND.toNanos()) {
                try {
                    value = single(url, "SELECT v FROM t");
                } catch (SQLException notYet) {
                    Thread.sleep(200);
                }
            }
            System.out.printf("[supervised] mysqld killed alone: answering again after %d ms%n",
                    (System.nanoTime() - killed) / 1_000_000);
            assertEquals(42, value, "the same data on the same port, without anyone restarting it by hand");
            assertEquals(1, MysqldProcesses.serving(EmbeddedMariaDb.dataDir(dir)).size());
        }
        assertEquals(List.of(), MysqldProcesses.serving(EmbeddedMariaDb.dataDir(dir)), "closed means stopped");
    }

    @Test
    void aStartStopsTheMysqldThatAnEarlierStartLeftOnItsDirectory() throws Exception {
        EmbeddedMariaDb earlier = EmbeddedMariaDb.start(dir);
        ProcessHandle leftOver = MysqldProcesses.theOne(EmbeddedMariaDb.dataDir(dir)).orElseThrow();
        // As if the earlier owner's JVM had been killed: nobody closes it; a new start on the same directory.
        try (EmbeddedMariaDb next = EmbeddedMariaDb.start(dir)) {
            assertFalse(leftOver.isAlive(), "the earlier mysqld was stopped");
            assertEquals(1, single(next.catalog(), "SELECT 1"));
            assertEquals(1, MysqldProcesses.serving(EmbeddedMariaDb.dataDir(dir)).size());
        } finally {
            earlier.close(); // its process is gone already: nothing to do
        }
    }

    private static void sql(ServerConfig.DatabaseConfig db, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static int single(ServerConfig.DatabaseConfig db, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url() + "?connectTimeout=1000", db.user(), db.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getInt(1);
        }
    }
}
