package coffer.it.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one gateway says to MariaDB, from the server's general log (table output): every statement of the gateway's
 * connections between two marks that this class writes into the same log from its own connection. The log is
 * server-wide, so use it while no other gateway of the shared database is busy. Not thread-safe.
 */
public final class SqlTrace implements AutoCloseable {
    private static final String MARK = "coffer-sql-trace-mark";

    /** One logged command of a gateway connection: its type (Query, Execute, Prepare...) and text. */
    public record Command(long thread, String type, String text) {
        public boolean isStatement() {
            return type.equals("Query") || type.equals("Execute");
        }

        public boolean isCommit() {
            return isStatement() && text.trim().toUpperCase(Locale.ROOT).startsWith("COMMIT");
        }

        /** Transaction bookkeeping rather than work: autocommit, isolation level, begin, commit and rollback. */
        public boolean isSessionControl() {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return t.startsWith("set autocommit") || t.startsWith("set session transaction")
                    || t.startsWith("start transaction") || t.startsWith("commit") || t.startsWith("rollback");
        }
    }

    private final Connection connection;
    private final String database;

    public SqlTrace(String jdbcUrl) throws SQLException {
        this.connection = SharedMariaDb.adminConnection(jdbcUrl);
        this.database = connection.getCatalog();
        try (Statement s = connection.createStatement()) {
            s.execute("SET GLOBAL log_output = 'TABLE'");
            s.execute("TRUNCATE mysql.general_log");
            s.execute("SET GLOBAL general_log = 1");
        }
    }

    /** Writes a mark into the log; the commands between two marks are one window. */
    public void mark() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT '" + MARK + "'");
        }
    }

    /**
     * The gateway's commands in each window between consecutive marks, in log order. The gateway's connections are
     * those open on its database now (the pool keeps them), other than this one.
     */
    public List<List<Command>> windows() throws SQLException {
        Set<Long> gateway = new HashSet<>();
        long self;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                self = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE db = '"
                    + database + "'")) {
                while (rs.next()) {
                    gateway.add(rs.getLong(1));
                }
            }
            gateway.remove(self);
            List<List<Command>> windows = new ArrayList<>();
            List<Command> current = null;
            // The CSV table is read in the order it was written, i.e. log order.
            try (ResultSet rs = s.executeQuery("SELECT thread_id, command_type, CONVERT(argument USING utf8mb4)"
                    + " FROM mysql.general_log")) {
                while (rs.next()) {
                    long thread = rs.getLong(1);
                    String text = rs.getString(3);
                    if (thread == self && text.contains(MARK)) {
                        if (current != null) {
                            windows.add(current);
                        }
                        current = new ArrayList<>();
                    } else if (current != null && gateway.contains(thread)) {
                        current.add(new Command(thread, rs.getString(2), text));
                    }
                }
            }
            return windows;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET GLOBAL general_log = 0");
            s.execute("TRUNCATE mysql.general_log");
        } finally {
            connection.close();
        }
    }
}
