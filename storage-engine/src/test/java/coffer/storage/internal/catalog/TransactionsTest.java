package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.testkit.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write transactions run with autocommit on, between START TRANSACTION and COMMIT/ROLLBACK statements, so a
 * connection handed back mid-transaction would have its half-done work committed by the next user's START
 * TRANSACTION. These tests hand out one real connection again and again, as a pool does, and check that a failed
 * piece of work, whatever it throws, leaves nothing behind for the next transaction to commit.
 */
class TransactionsTest {
    private Connection shared;
    private Transactions tx;

    @BeforeEach
    void setUp() throws SQLException {
        shared = EmbeddedMariaDb.get().newDatabase("transactions_test").getConnection();
        try (Statement s = shared.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS scratch (id INT PRIMARY KEY) ENGINE=InnoDB");
            s.execute("DELETE FROM scratch");
        }
        tx = new Transactions(onePooledConnection(shared));
    }

    @AfterEach
    void tearDown() throws SQLException {
        shared.close();
    }

    static Stream<Throwable> failures() {
        return Stream.of(new AssertionError("the work broke"), new IllegalStateException("the work failed"));
    }

    /** An Error as well as an exception: either way, nothing of the failed work survives. */
    @ParameterizedTest
    @MethodSource("failures")
    void aFailedWorkRollsBackBeforeTheConnectionIsReused(Throwable failure) throws SQLException {
        assertThrows(failure.getClass(), () -> tx.write("failing", c -> {
            insert(c, 1);
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }));
        tx.write("next", c -> insert(c, 2));
        assertEquals(1, count(), "only the second transaction's row");
    }

    @Test
    void aCommittedWriteIsVisibleAndTheSessionIsBackInAutocommit() throws SQLException {
        assertEquals(Integer.valueOf(1), tx.<Integer>write("insert", c -> insert(c, 7)));
        assertEquals(1, count());
        assertEquals(true, shared.getAutoCommit());
        try (Statement s = shared.createStatement(); ResultSet rs = s.executeQuery("SELECT @@in_transaction")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no transaction left open on the connection");
        }
    }

    private static int insert(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO scratch (id) VALUES (" + id + ")");
        }
    }

    private int count() throws SQLException {
        try (Statement s = shared.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM scratch")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A DataSource that lends the same physical connection every time; closing the loan does not close it. */
    private static DataSource onePooledConnection(Connection physical) {
        Connection loan = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new DataSource() {
            @Override
            public Connection getConnection() {
                return loan;
            }

            @Override
            public Connection getConnection(String user, String password) {
                return loan;
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
