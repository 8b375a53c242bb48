package coffer.storage.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * DATETIME(3) columns hold UTC wall-clock time. Going through {@link LocalDateTime} keeps the JVM's and the
 * session's time zones out of the picture.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** The precision the catalog stores. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    public static void set(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, LocalDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
    }

    public static Instant get(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
