package coffer.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples one account's {@code usage} row straight from the gateway's database, on its own thread, as fast as it
 * can while a race runs; keeps the highest used bytes and the highest used + reserved bytes (one row read each).
 */
public final class UsageWatch implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxUsedAndReserved = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile SQLException failure;

    public UsageWatch(String jdbcUrl, String account) {
        thread = new Thread(() -> run(jdbcUrl, account), "usage-watch");
        thread.start();
    }

    /** The account's used and reserved bytes now. */
    public static long[] read(String jdbcUrl, String account) throws SQLException {
        try (Connection c = SharedMariaDb.adminConnection(jdbcUrl); PreparedStatement ps = query(c, account);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static PreparedStatement query(Connection c, String account) throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT u.used_bytes, u.reserved_bytes FROM `usage` u"
                + " JOIN account a ON a.id = u.account_id WHERE a.name = ?");
        ps.setString(1, account);
        return ps;
    }

    private void run(String jdbcUrl, String account) {
        try (Connection c = SharedMariaDb.adminConnection(jdbcUrl); PreparedStatement ps = query(c, account)) {
            while (running.get()) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long used = rs.getLong(1);
                    maxUsed.accumulateAndGet(used, Math::max);
                    maxUsedAndReserved.accumulateAndGet(used + rs.getLong(2), Math::max);
                    samples.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    public long maxUsed() {
        return maxUsed.get();
    }

    public long maxUsedAndReserved() {
        return maxUsedAndReserved.get();
    }

    public long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("usage sampling failed", failure);
        }
    }
}
