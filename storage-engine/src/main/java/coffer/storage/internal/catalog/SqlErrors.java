package coffer.storage.internal.catalog;

import coffer.storage.StoreException.Reason;
import coffer.storage.StoreException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Classifies {@link SQLException}s. Messages built here name the operation only: never SQL text, keys,
 * bucket names or secrets (the driver's exception stays attached as the cause, for the server log).
 */
public final class SqlErrors {
    /** MariaDB error numbers the catalog reacts to. */
    public static final int DUPLICATE_KEY = 1062;
    static final int ROW_IS_REFERENCED = 1451;
    public static final int NO_REFERENCED_ROW = 1452;
    static final int LOCK_WAIT_TIMEOUT = 1205;
    static final int DEADLOCK = 1213;
    /** Galera: "WSREP has not yet prepared node for application use" (joining, desynced or not in the primary). */
    static final int WSREP_NOT_READY = 1047;

    /** Why a failed transaction may be run again from the start, or that it may not. */
    enum Retry {
        /** Not retryable: mapped and thrown. */
        NO,
        /**
         * It lost a deadlock, a Galera certification conflict (both 1213), a serialization failure, an insert race,
         * or a lock wait: the transaction was (or is being) rolled back, and the same connection may run it again.
         */
        CONFLICT,
        /**
         * Its node is gone (the connection was lost before COMMIT was sent) or not ready (1047): rolled back by the
         * server, and the connection is useless. The pool evicts it (SQLSTATE class 08); another one, possibly to
         * the next node of a multi-host URL, runs it again.
         */
        NODE
    }

    private SqlErrors() {
    }

    static StoreException map(SQLException e, String operation) {
        Reason reason = isUnavailable(e) ? Reason.UNAVAILABLE : Reason.INTERNAL;
        return new StoreException(reason, "catalog " + (reason == Reason.UNAVAILABLE ? "unavailable" : "error")
                + " during " + operation, e);
    }

    /** True for a lost or refused connection, a pool timeout, or a lock wait that timed out. */
    static boolean isUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException
                    || c instanceof SQLTimeoutException) {
                return true;
            }
            if (c instanceof SQLException s) {
                String state = s.getSQLState();
                if ((state != null && state.startsWith("08")) || s.getErrorCode() == LOCK_WAIT_TIMEOUT
                        || s.getErrorCode() == WSREP_NOT_READY) {
                    return true;
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** A deadlock or serialization failure: the whole transaction was rolled back and may simply be run again. */
    static boolean isRetryable(SQLException e) {
        return e instanceof RetryTransaction || e.getErrorCode() == DEADLOCK || "40001".equals(e.getSQLState());
    }

    /**
     * How a transaction that failed with {@code e} before its COMMIT was sent may be retried. A failure of COMMIT
     * itself is another matter ({@link Transactions}): only a definite rollback may be retried there.
     */
    static Retry retry(SQLException e) {
        if (isRetryable(e) || e.getErrorCode() == LOCK_WAIT_TIMEOUT) {
            return Retry.CONFLICT;
        }
        if (e.getErrorCode() == WSREP_NOT_READY || isConnectionLost(e)) {
            return Retry.NODE;
        }
        return Retry.NO;
    }

    /**
     * A failure of COMMIT that is a definite rollback: a deadlock or certification conflict, or a node that could
     * not replicate the write set because it is not in the primary component (1047). Nothing was applied anywhere.
     */
    static boolean isRolledBackAtCommit(SQLException e) {
        return isRetryable(e) || e.getErrorCode() == WSREP_NOT_READY;
    }

    /**
     * The connection broke (SQLSTATE class 08, or the driver's connection exceptions, which MariaDB Connector/J
     * also raises without class 08 for a socket reset), not a timeout of a lock or a query. Only for failures of
     * work on a connection already obtained: the pool's own timeout is never retried ({@link Transactions}).
     */
    private static boolean isConnectionLost(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLNonTransientConnectionException || c instanceof SQLTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    public static boolean is(SQLException e, int errorCode) {
        return e.getErrorCode() == errorCode;
    }

    /** Thrown by transaction work to ask for a clean rerun, e.g. after losing an insert race. */
    static final class RetryTransaction extends SQLException {
        private static final long serialVersionUID = 1L;

        RetryTransaction(String why) {
            super(why);
        }
    }
}
