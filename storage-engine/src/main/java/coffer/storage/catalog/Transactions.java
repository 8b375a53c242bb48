package coffer.storage.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs catalog work on a connection from a plain {@link DataSource}: reads in autocommit, writes as one
 * READ COMMITTED transaction each. A write that loses a deadlock or an insert race is rolled back and run
 * again a few times with jitter (the work must therefore have no side effects outside the connection).
 * Thread-safe; holds no connection between calls.
 */
final class Transactions {
    /** A piece of JDBC work. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int MAX_ATTEMPTS = 20;

    private final DataSource db;

    Transactions(DataSource db) {
        this.db = db;
    }

    <T> T read(String operation, Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlErrors.map(e, operation);
        }
    }

    <T> T write(String operation, Work<T> work) {
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

    private <T> T writeOnce(String operation, Work<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                // A deadlock or certification failure at commit (Galera) is a definite rollback; anything else
                // may have happened after the server applied the commit.
                if (SqlErrors.isRetryable(e)) {
                    throw e;
                }
                throw new CommitOutcomeUnknownException(SqlErrors.map(e, operation));
            }
            return result;
        }
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The server rolls back an open transaction when the connection dies; keep the first failure.
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
