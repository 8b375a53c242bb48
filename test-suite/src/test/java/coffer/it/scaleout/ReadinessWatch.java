package coffer.it.scaleout;

import coffer.it.support.AdminHttp;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls {@code GET /health/ready} of each gateway on its own thread (one at a time per gateway, 10 s timeout), from
 * construction until {@link #stop}: when each first answered 503 and the slowest answer, so a test can say whether
 * the gateways noticed an outage without the polling holding up the outage itself. Thread-safe.
 */
final class ReadinessWatch {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong[] first503;
    private final AtomicLong[] slowest;
    private final Thread[] threads;

    ReadinessWatch(AdminHttp[] health) {
        first503 = new AtomicLong[health.length];
        slowest = new AtomicLong[health.length];
        threads = new Thread[health.length];
        for (int g = 0; g < health.length; g++) {
            first503[g] = new AtomicLong(-1);
            slowest[g] = new AtomicLong();
            int gateway = g;
            AdminHttp h = health[g].withTimeout(Duration.ofSeconds(10));
            threads[g] = new Thread(() -> poll(h, gateway), "readiness-" + g);
            threads[g].start();
        }
    }

    private void poll(AdminHttp health, int gateway) {
        while (running.get()) {
            long start = System.nanoTime();
            int status;
            try {
                status = health.get("/health/ready").status();
            } catch (Exception e) {
                status = -1;
            }
            long end = System.nanoTime();
            slowest[gateway].accumulateAndGet(end - start, Math::max);
            if (status == 503) {
                first503[gateway].compareAndSet(-1, end);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    boolean saw503(int gateway) {
        return first503[gateway].get() >= 0;
    }

    /** Per gateway: the first 503 after {@code since} (ms) and the slowest answer (ms). */
    String describe(long since) {
        StringBuilder s = new StringBuilder();
        for (int g = 0; g < threads.length; g++) {
            long first = first503[g].get();
            s.append(g == 0 ? "" : ", ").append(ScaleOutCluster.name(g)).append(": first 503 ")
                    .append(first < 0 ? "never" : "+" + (first - since) / 1_000_000 + " ms")
                    .append(", slowest answer ").append(slowest[g].get() / 1_000_000).append(" ms");
        }
        return s.toString();
    }
}
