package coffer.storage.catalog;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
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
                if ((state != null && state.startsWith("08")) || s.getErrorCode() == LOCK_WAIT_TIMEOUT) {
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
