package coffer.storage.internal.blob;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The gathering rule of the group-commit writers (the volume writer's fsync batches, the S3 store's packs): the
 * writer thread waits briefly for a first write, then takes whatever else is already queued, up to a count and a
 * byte bound, and commits them together. Nobody waits for a batch to fill: a lone write goes out at once.
 */
public final class GroupCommit {
    /** How long the writer thread waits for a first write before it looks at its other duties (closing, seals). */
    static final long POLL_MILLIS = 50;

    private GroupCommit() {
    }

    /**
     * Moves the next batch from {@code queue} into the empty {@code batch} and returns its bytes by {@code size},
     * or -1 when nothing arrived within {@link #POLL_MILLIS}. Takes at most {@code maxRecords} entries and stops
     * adding once {@code maxBytes} is reached (a first entry larger than that still goes alone).
     */
    public static <T> long gather(BlockingQueue<T> queue, List<T> batch, int maxRecords, long maxBytes,
                                  ToLongFunction<T> size) throws InterruptedException {
        T first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return -1;
        }
        batch.add(first);
        long bytes = size.applyAsLong(first);
        T next;
        while (batch.size() < maxRecords && bytes < maxBytes && (next = queue.poll()) != null) {
            batch.add(next);
            bytes += size.applyAsLong(next);
        }
        return bytes;
    }
}
