package coffer.storage.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Reads one account's usage row over and over on its own thread while a race runs, and keeps the highest used
 * bytes and the highest used + reserved bytes it saw (both from the same row read).
 */
final class UsageSampler implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxUsedAndReserved = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile SQLException failure;

    UsageSampler(DataSource db, long accountId) {
        thread = new Thread(() -> run(db, accountId), "usage-sampler");
        thread.start();
    }

    private void run(DataSource db, long accountId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT used_bytes, reserved_bytes FROM `usage` WHERE account_id = ?")) {
            ps.setLong(1, accountId);
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

    long maxUsed() {
        return maxUsed.get();
    }

    long maxUsedAndReserved() {
        return maxUsedAndReserved.get();
    }

    long samples() {
        return samples.get();
    }

    /** Stops sampling; throws if a read failed (the figures would then prove nothing). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("usage sampling failed", failure);
        }
    }
}
