package coffer.storage.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs catalog work on a connection from a plain {@link DataSource}: reads in autocommit, writes as one
 * READ COMMITTED transaction each, opened with {@code START TRANSACTION} and ended with {@code COMMIT} or
 * {@code ROLLBACK} statements while the connection stays in autocommit mode. Switching autocommit off and back on
 * instead (what {@code setAutoCommit} does, and what a pool does when the connection returns) costs two more
 * round trips: a third of a small PUT's six statements. A write that loses a deadlock or an insert race is rolled back and run
 * again a few times with jitter (the work must therefore have no side effects outside the connection).
 * Thread-safe; holds no connection between calls.
 */
public final class Transactions {
    /** A piece of JDBC work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int MAX_ATTEMPTS = 20;

    private final DataSource db;

    public Transactions(DataSource db) {
        this.db = db;
    }

    public <T> T read(String operation, Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlErrors.map(e, operation);
        }
    }

    public <T> T write(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(operation, work);
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e)) {
                    throw SqlErrors.map(e, operation);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new StoreException(Reason.UNAVAILABLE, "catalog contention did not clear during "
                            + operation, e);
                }
                pause(attempt);
            }
        }
    }

    /**
     * One attempt. A connection must never go back to the pool inside a transaction (the next user's
     * {@code START TRANSACTION} would commit it, half done), and the pool cannot see one that is, since autocommit
     * stays on: so whatever ends the attempt, the transaction is committed or rolled back, and a connection whose
     * ROLLBACK or COMMIT failed is aborted, which makes the pool discard it.
     */
    private <T> T writeOnce(String operation, Work<T> work) throws SQLException {
        try (Connection c = db.getConnection(); Statement control = c.createStatement()) {
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
                // A deadlock or certification failure at commit (Galera) is a definite rollback; anything else
                // may have happened after the server applied the commit, and leaves the session in doubt.
                if (SqlErrors.isRetryable(e)) {
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

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10) + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Reason.UNAVAILABLE, "interrupted while retrying a catalog transaction", e);
        }
    }
}
