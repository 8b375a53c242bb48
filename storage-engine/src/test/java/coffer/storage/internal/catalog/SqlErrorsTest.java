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
}
