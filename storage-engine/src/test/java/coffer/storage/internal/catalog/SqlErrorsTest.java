package coffer.storage.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void connectionProblemsAreUnavailable() {
        assertEquals(Reason.UNAVAILABLE, SqlErrors.map(new SQLException("x", "08S01"), "op").reason());
        assertEquals(Reason.UNAVAILABLE, SqlErrors.map(new SQLNonTransientConnectionException("x"), "op").reason());
        assertEquals(Reason.UNAVAILABLE,
                SqlErrors.map(new SQLTransientConnectionException("pool timeout"), "op").reason());
        assertEquals(Reason.UNAVAILABLE, SqlErrors.map(new SQLException("wrap", "HY000", 0,
                new SQLException("inner", "08001")), "op").reason());
        assertEquals(Reason.UNAVAILABLE, SqlErrors.map(new SQLException("lock wait", "HY000", 1205), "op").reason());
    }

    @Test
    void everythingElseIsInternalAndMessagesCarryNoDriverText() {
        SQLException e = new SQLIntegrityConstraintViolationException("Duplicate entry 'secret-key' for key", "23000",
                1062);
        var mapped = SqlErrors.map(e, "putObject");
        assertEquals(Reason.INTERNAL, mapped.reason());
        assertFalse(mapped.getMessage().contains("secret-key"));
        assertEquals("catalog error during putObject", mapped.getMessage());
    }

    @Test
    void deadlocksAreRetryable() {
        assertTrue(SqlErrors.isRetryable(new SQLTransactionRollbackException("deadlock", "40001", 1213)));
        assertFalse(SqlErrors.isRetryable(new SQLException("dup", "23000", 1062)));
    }

    @Test
    void galeraConflictsAndLockWaitsAreRetriedOnTheSameKindOfConnection() {
        assertEquals(SqlErrors.Retry.CONFLICT,
                SqlErrors.retry(new SQLTransactionRollbackException("certification", "40001", 1213)));
        assertEquals(SqlErrors.Retry.CONFLICT, SqlErrors.retry(new SQLException("lock wait", "HY000", 1205)));
        assertEquals(SqlErrors.Retry.CONFLICT, SqlErrors.retry(new SqlErrors.RetryTransaction("insert race")));
    }

    @Test
    void aNodeThatIsNotReadyOrGoneIsRetriedOnAnotherConnection() {
        SQLException notReady = new SQLException("WSREP has not yet prepared node for application use", "08S01",
                1047);
        assertEquals(SqlErrors.Retry.NODE, SqlErrors.retry(notReady));
        assertEquals(Reason.UNAVAILABLE, SqlErrors.map(notReady, "op").reason());
        assertEquals(SqlErrors.Retry.NODE, SqlErrors.retry(new SQLNonTransientConnectionException("reset", "08000")));
        assertEquals(SqlErrors.Retry.NODE, SqlErrors.retry(new SQLTransientConnectionException("socket reset")));
        assertEquals(SqlErrors.Retry.NODE,
                SqlErrors.retry(new SQLException("wrap", "HY000", 0, new SQLException("inner", "08S01"))));
        // Without SQLSTATE 08 the error number alone says "not ready".
        assertEquals(SqlErrors.Retry.NODE, SqlErrors.retry(new SQLException("not ready", "HY000", 1047)));
    }

    @Test
    void otherFailuresAreNotRetried() {
        assertEquals(SqlErrors.Retry.NO, SqlErrors.retry(new SQLException("dup", "23000", 1062)));
        assertEquals(SqlErrors.Retry.NO, SqlErrors.retry(new SQLException("syntax", "42000", 1064)));
    }

    @Test
    void onlyADefiniteRollbackAtCommitMayBeRunAgain() {
        assertTrue(SqlErrors.isRolledBackAtCommit(new SQLTransactionRollbackException("cert", "40001", 1213)));
        assertTrue(SqlErrors.isRolledBackAtCommit(new SQLException("not primary", "08S01", 1047)));
        assertFalse(SqlErrors.isRolledBackAtCommit(new SQLNonTransientConnectionException("reset", "08000")));
        assertFalse(SqlErrors.isRolledBackAtCommit(new SQLException("lock wait", "HY000", 1205)));
    }
}
