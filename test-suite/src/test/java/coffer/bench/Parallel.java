package coffer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs {@code count} numbered operations on {@code threads} threads, timing each one. */
final class Parallel {
    /** One operation, given its number 0..count-1. */
    @FunctionalInterface
    interface Operation {
        void run(int index) throws Exception;
    }

    private Parallel() {
    }

    static Latencies.Phase run(String name, int threads, int count, Operation op) throws Exception {
        Latencies latencies = new Latencies(count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        long start = System.nanoTime();
                        op.run(i);
                        latencies.record(i, System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(count); // stop the other threads
                    throw new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies.summarize(name, System.nanoTime() - t0, processCpuNanos() - cpu0);
    }

    /** CPU time of this whole process (all threads, including the SDK's), in nanoseconds. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
