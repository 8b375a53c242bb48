package coffer.bench;

import java.util.Arrays;

/**
 * Per-operation latencies of one phase, recorded by many threads into one array (each operation owns its slot, so
 * no locking), and the phase's wall time. Percentiles by nearest rank.
 */
final class Latencies {
    private final long[] nanos;

    Latencies(int operations) {
        this.nanos = new long[operations];
    }

    void record(int operation, long elapsedNanos) {
        nanos[operation] = elapsedNanos;
    }

    /** Summary after all threads are done (the executor's join orders their writes before this read). */
    Phase summarize(String name, long wallNanos, long clientCpuNanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Phase(name, sorted.length, wallNanos, percentile(sorted, 50), percentile(sorted, 99),
                clientCpuNanos);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * Result of one phase: operations per second, p50/p99 latency, and the CPU time the load tool's own process
     * (the client) spent, which bounds what any server can reach when client and server share the cores.
     */
    record Phase(String name, int operations, long wallNanos, long p50Nanos, long p99Nanos, long clientCpuNanos) {
        double opsPerSecond() {
            return operations / (wallNanos / 1e9);
        }

        double clientCpuMillisPerOp() {
            return clientCpuNanos / 1e6 / Math.max(1, operations);
        }
    }
}
