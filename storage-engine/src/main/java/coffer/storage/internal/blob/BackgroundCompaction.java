package coffer.storage.internal.blob;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The background compactor of a blob engine (volumes, S3 packs): one low-priority daemon thread on a fixed delay. */
public final class BackgroundCompaction {
    private BackgroundCompaction() {
    }

    /** Runs {@code pass} every {@code interval} on thread {@code threadName}; null (nothing runs) for zero. */
    public static ScheduledExecutorService every(Duration interval, String threadName, Runnable pass) {
        long every = interval.toMillis();
        if (every <= 0) {
            return null;
        }
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        background.scheduleWithFixedDelay(pass, every, every, TimeUnit.MILLISECONDS);
        return background;
    }
}
