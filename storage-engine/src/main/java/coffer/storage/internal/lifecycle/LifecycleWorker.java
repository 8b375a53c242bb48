package coffer.storage.internal.lifecycle;

import coffer.storage.Bucket;
import coffer.storage.Store;
import coffer.storage.lifecycle.LifecycleConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the buckets' lifecycle rules (docs/lifecycle.md): one round walks every bucket that has a configuration,
 * its versions and its multipart uploads, in pages of {@value #BATCH}, and expires, deletes or aborts what is due
 * at the round's clock. Every action is one catalog transaction through the engine's own paths (DeleteObject's
 * marker, the version delete, the abort) and is decided again inside it, so a round that is cut short (a crash, the
 * lease lost) leaves nothing half done and the next round, on any gateway, finishes the work. Run by
 * {@code Maintenance} on the background-work lease holder only. Not thread-safe: one round at a time.
 */
public final class LifecycleWorker {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleWorker.class);
    /** Versions or uploads per listing page; each action is its own transaction. */
    static final int BATCH = 1000;
    private static final int BUCKETS_PER_QUERY = 100;

    private final Store store;
    private final Clock clock;
    private final Duration day;
    private final int batch;

    /** What one round did. */
    public record Round(int buckets, long expired, long versionsDeleted, long markersRemoved, long uploadsAborted,
                        long skipped) {
        public long actions() {
            return expired + versionsDeleted + markersRemoved + uploadsAborted;
        }
    }

    /** {@code day}: the length of a lifecycle day ({@code --lifecycle-day-seconds}). */
    public LifecycleWorker(Store store, Clock clock, Duration day) {
        this(store, clock, day, BATCH);
    }

    /** With listing pages of {@code batch} (tests use small ones). */
    LifecycleWorker(Store store, Clock clock, Duration day, int batch) {
        this.batch = batch;
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.day = Objects.requireNonNull(day, "day");
        if (day.toMillis() < 1) {
            throw new IllegalArgumentException("a lifecycle day must last at least a millisecond");
        }
    }

    /** One round over every bucket with a configuration; stops between pages once {@code keepGoing} is false. */
    public Round run(BooleanSupplier keepGoing) {
        Counts counts = new Counts();
        int buckets = 0;
        long after = 0;
        while (keepGoing.getAsBoolean()) {
            List<Map.Entry<Bucket, LifecycleConfiguration>> page = store.lifecycleCatalog().buckets(after,
                    BUCKETS_PER_QUERY);
            for (Map.Entry<Bucket, LifecycleConfiguration> entry : page) {
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
                Bucket bucket = entry.getKey();
                after = bucket.id();
                buckets++;
                try {
                    new BucketPass(store, bucket, entry.getValue(), clock.instant(), day, batch, counts,
                            keepGoing).run();
                } catch (RuntimeException e) {
                    LOG.warn("lifecycle of bucket {} failed, the next round retries: {}", bucket.name(),
                            e.toString());
                }
            }
            if (page.size() < BUCKETS_PER_QUERY) {
                break;
            }
        }
        Round round = new Round(buckets, counts.expired, counts.versionsDeleted, counts.markersRemoved,
                counts.uploadsAborted, counts.skipped);
        if (round.actions() > 0 || round.skipped() > 0) {
            LOG.info("lifecycle round: {} buckets, {} expired, {} versions deleted, {} delete markers removed,"
                            + " {} uploads aborted, {} skipped", buckets, round.expired(), round.versionsDeleted(),
                    round.markersRemoved(), round.uploadsAborted(), round.skipped());
        }
        return round;
    }

    /** Running totals of a round. */
    static final class Counts {
        long expired;
        long versionsDeleted;
        long markersRemoved;
        long uploadsAborted;
        long skipped;
    }
}
