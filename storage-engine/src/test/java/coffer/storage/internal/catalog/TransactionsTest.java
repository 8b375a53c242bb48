package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.testkit.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** A lost deadlock or certification conflict: the first attempt's row is rolled back, the rerun commits. */
    @Test
    void aConflictRollsBackAndRunsTheWholeTransactionAgain() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        tx.write("conflicting", c -> {
            insert(c, 1);
            if (runs.incrementAndGet() == 1) {
                throw new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213);
            }
            return null;
        });
        assertEquals(2, runs.get());
        assertEquals(1, count(), "the first attempt's insert was rolled back, or the rerun's would be a duplicate");
    }

    /** A real lock wait timeout (1205) is retried: the holder lets go once the second attempt is waiting. */
    @Test
    void aLockWaitTimeoutIsRetriedFromTheStart() throws Exception {
        try (Statement s = shared.createStatement()) {
            s.execute("INSERT INTO scratch (id) VALUES (9)");
            s.execute("SET SESSION innodb_lock_wait_timeout = 1");
        }
        AtomicInteger runs = new AtomicInteger();
        try (Connection holder = EmbeddedMariaDb.get().newDatabase("transactions_test").getConnection();
                Statement h = holder.createStatement()) {
            h.execute("START TRANSACTION");
            h.executeQuery("SELECT id FROM scratch WHERE id = 9 FOR UPDATE").close();
            Thread release = new Thread(() -> {
                try {
                    // Bounded, so that a write that fails otherwise cannot leave this thread waiting forever.
                    for (int i = 0; i < 6_000 && runs.get() < 2; i++) {
                        Thread.sleep(10);
                    }
                    h.execute("ROLLBACK");
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            tx.write("waits", c -> {
                runs.incrementAndGet();
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM scratch WHERE id = 9");
                }
            });
            release.join();
        }
        assertTrue(runs.get() >= 2, "the first attempt timed out waiting for the lock");
        assertEquals(0, count());
    }

    /** A node that stays not ready (1047) makes the transaction UNAVAILABLE after the policy's attempts. */
    @Test
    void aNodeThatStaysNotReadyEndsInUnavailableAfterBoundedAttempts() throws SQLException {
        Transactions bounded = new Transactions(onePooledConnection(shared),
                new RetryPolicy(5, 3, TimeUnit.SECONDS.toNanos(10)));
        AtomicInteger runs = new AtomicInteger();
        StoreException e = assertThrows(StoreException.class, () -> bounded.write("notReady", c -> {
            insert(c, runs.incrementAndGet());
            throw new SQLException("WSREP has not yet prepared node for application use", "08S01", 1047);
        }));
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertEquals(3, runs.get());
        assertEquals(0, count(), "no attempt left a row");
        assertEquals(3, bounded.<Integer>read("reads", c -> 3), "a read works after a failed write");
    }

    /** COMMIT rolled back by Galera (1213 at commit): a definite rollback, so the work runs again. */
    @Test
    void aCommitRolledBackByCertificationRunsAgain() throws SQLException {
        AtomicInteger commits = new AtomicInteger();
        Transactions certifying = new Transactions(withCommit(shared, control -> {
            if (commits.incrementAndGet() == 1) {
                control.execute("ROLLBACK"); // what the server did before answering 1213
                throw new SQLTransactionRollbackException("Deadlock: wsrep aborted transaction", "40001", 1213);
            }
            return control.execute("COMMIT");
        }));
        AtomicInteger runs = new AtomicInteger();
        certifying.write("certified", c -> {
            runs.incrementAndGet();
            return insert(c, 4);
        });
        assertEquals(2, runs.get());
        assertEquals(1, count());
    }

    /** The connection lost during COMMIT: the outcome is unknown, and the work is never run again. */
    @Test
    void aCommitWithUnknownOutcomeIsNeverRunAgain() throws SQLException {
        Connection own = EmbeddedMariaDb.get().newDatabase("transactions_test").getConnection();
        Transactions lost = new Transactions(withCommit(own, control -> {
            throw new SQLNonTransientConnectionException("Connection reset", "08S01");
        }));
        AtomicInteger runs = new AtomicInteger();
        assertThrows(CommitOutcomeUnknownException.class, () -> lost.write("inDoubt", c -> {
            runs.incrementAndGet();
            return insert(c, 5);
        }));
        assertEquals(1, runs.get());
        assertTrue(own.isClosed(), "the connection in doubt was aborted, so a pool would drop it");
    }

    /** A COMMIT refused otherwise (Galera's 1180 on a node cut off from the primary): in doubt, so 503, once. */
    @Test
    void anyOtherCommitFailureIsInDoubtAndUnavailable() throws SQLException {
        Connection own = EmbeddedMariaDb.get().newDatabase("transactions_test").getConnection();
        Transactions refused = new Transactions(withCommit(own, control -> {
            throw new SQLException("Error while appending streaming replication fragment(provider status: Not"
                    + " connected to Primary Component)", "HY000", 1180);
        }));
        AtomicInteger runs = new AtomicInteger();
        CommitOutcomeUnknownException e = assertThrows(CommitOutcomeUnknownException.class,
                () -> refused.write("refused", c -> {
                    runs.incrementAndGet();
                    return insert(c, 6);
                }));
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertEquals(1, runs.get());
    }

    /** What the fake COMMIT does instead, given the real control statement. */
    @FunctionalInterface
    private interface Commit {
        boolean execute(Statement control) throws SQLException;
    }

    /** Lends {@code physical} as {@link #onePooledConnection} does, with COMMIT statements handed to {@code commit}. */
    private static DataSource withCommit(Connection physical, Commit commit) {
        Connection loan = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    Object result = invoke(physical, method, args);
                    if (method.getName().equals("createStatement") && args == null) {
                        Statement real = (Statement) result;
                        return Proxy.newProxyInstance(Statement.class.getClassLoader(),
                                new Class<?>[] {Statement.class}, (p, m, a) -> {
                                    if (m.getName().equals("execute") && a != null && "COMMIT".equals(a[0])) {
                                        return commit.execute(real);
                                    }
                                    return invoke(real, m, a);
                                });
                    }
                    return result;
                });
        return onePooledConnection(loan);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
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
