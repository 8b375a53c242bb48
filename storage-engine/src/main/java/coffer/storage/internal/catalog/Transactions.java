package coffer.storage.internal.catalog;

import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs catalog work on a connection from a plain {@link DataSource}: reads in autocommit, writes as one
 * READ COMMITTED transaction each, opened with {@code START TRANSACTION} and ended with {@code COMMIT} or
 * {@code ROLLBACK} statements while the connection stays in autocommit mode. Switching autocommit off and back on
 * instead (what {@code setAutoCommit} does, and what a pool does when the connection returns) costs two more
 * round trips: a third of a small PUT's six statements.
 *
 * <p>Retries (docs/cluster.md, "Retries"): work that loses a deadlock, a Galera certification conflict, an insert
 * race or a lock wait is rolled back and run again from the start on the same kind of connection; work whose node
 * died or is not ready (1047) before COMMIT was sent is run again on another connection (the pool drops the broken
 * one; with a multi-host URL a new one reaches the next node). Attempts back off exponentially with jitter and stop
 * after {@link RetryPolicy}'s bounds: then the failure is UNAVAILABLE (503). The work must therefore have no side
 * effects outside the connection. A COMMIT that fails other than by a definite rollback is never run again:
 * {@link CommitOutcomeUnknownException}. Failing to get a connection at all is not retried here (the pool already
 * waited for one). Thread-safe; holds no connection between calls.
 */
public final class Transactions {
    /** A piece of JDBC work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final DataSource db;
    private final RetryPolicy retries;

    public Transactions(DataSource db) {
        this(db, RetryPolicy.DEFAULT);
    }

    Transactions(DataSource db, RetryPolicy retries) {
        this.db = db;
        this.retries = retries;
    }

    /** Work in autocommit (reads): retried like a write when its node fails, a read has nothing to commit. */
    public <T> T read(String operation, Work<T> work) {
        return withRetries(operation, () -> {
            Connection c = connect(operation);
            try (c) {
                return work.run(c);
            }
        });
    }

    public <T> T write(String operation, Work<T> work) {
        return withRetries(operation, () -> writeOnce(operation, work));
    }

    /** One attempt, throwing what may be retried. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private <T> T withRetries(String operation, Attempt<T> attempt) {
        long start = System.nanoTime();
        for (int n = 1; ; n++) {
            SQLException failure;
            try {
                return attempt.run();
            } catch (SQLException e) {
                failure = e;
            }
            SqlErrors.Retry kind = SqlErrors.retry(failure);
            if (kind == SqlErrors.Retry.NO) {
                throw SqlErrors.map(failure, operation);
            }
            long delay = retries.delayMillis(kind, n, System.nanoTime() - start);
            if (delay < 0) {
                throw new StoreException(Reason.UNAVAILABLE, (kind == SqlErrors.Retry.CONFLICT
                        ? "catalog contention did not clear during " : "catalog node unavailable during ")
                        + operation, failure);
            }
            // Never the driver's message: it may quote data (docs/security.md); the numbers say what happened.
            LOG.debug("catalog {}: attempt {} failed ({}: {} {} {}), again in {} ms", operation, n, kind,
                    failure.getClass().getSimpleName(), failure.getErrorCode(), failure.getSQLState(), delay);
            pause(delay);
        }
    }

    /** A connection, or UNAVAILABLE at once: the pool has waited its connection timeout already. */
    private Connection connect(String operation) {
        try {
            return db.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.map(e, operation);
        }
    }

    /**
     * One attempt. A connection must never go back to the pool inside a transaction (the next user's
     * {@code START TRANSACTION} would commit it, half done), and the pool cannot see one that is, since autocommit
     * stays on: so whatever ends the attempt, the transaction is committed or rolled back, and a connection whose
     * ROLLBACK or COMMIT failed is aborted, which makes the pool discard it.
     */
    private <T> T writeOnce(String operation, Work<T> work) throws SQLException {
        Connection c = connect(operation);
        try (c; Statement control = c.createStatement()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            control.execute("START TRANSACTION");
            T result;
            try {
                result = work.run(c);
            } catch (Throwable e) {
                rollbackOrAbort(c, control, e);
                throw e;
            }
            try {
                control.execute("COMMIT");
            } catch (SQLException e) {
                // A deadlock or certification failure at commit (Galera), or a node that could not replicate
                // (1047), is a definite rollback; anything else may have happened after the server applied the
                // commit, and leaves the session in doubt: never run again (docs/cluster.md).
                if (SqlErrors.isRolledBackAtCommit(e)) {
                    throw e;
                }
                abortQuietly(c, e);
                throw new CommitOutcomeUnknownException(SqlErrors.map(e, operation));
            }
            return result;
        }
    }

    private static void rollbackOrAbort(Connection c, Statement control, Throwable failure) {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            // The server rolls back an open transaction when the connection dies; keep the first failure.
            failure.addSuppressed(e);
            abortQuietly(c, failure);
        }
    }

    private static void abortQuietly(Connection c, Throwable failure) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Reason.UNAVAILABLE, "interrupted while retrying a catalog transaction", e);
        }
    }
}
