package coffer.storage.integrity;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BlobKind;
import coffer.storage.internal.catalog.BlobRow;
import coffer.storage.internal.catalog.IntegrityCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation of the blob store with the catalog (docs/durability.md, "Reconciliation"):
 * <ol>
 *   <li>orphans: a listed blob older than the orphan grace that no row names (objects, multipart parts, open
 *       uploads' parts, gc_queue entries) is the leftover of a write whose commit never happened, and is deleted;
 *   </li>
 *   <li>data loss: a row (object, object part, upload part) whose blob the store lacks is logged at ERROR with
 *       its bucket and key, counted, and listed in the report; it is never repaired or hidden.</li>
 * </ol>
 * One pass at a time ({@link #run} is synchronized); the walk is paced by a {@link Throttle} per pass. Thread-safe.
 */
public final class Reconciler {
    /** How many lost rows a report lists (all are counted and logged). */
    public static final int MAX_LISTED = 1000;
    /**
     * The least orphan grace, whatever the GC grace: a fresh blob is unreferenced from its rename until its commit,
     * so the orphan grace must stay far above that window even when tests or operators set the GC grace to zero.
     */
    public static final Duration MIN_ORPHAN_GRACE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int BATCH = 500;

    private final IntegrityCatalog catalog;
    private final BlobEngine blobs;
    private final Clock clock;
    private final Duration orphanGrace;
    private final LongFunction<Throttle> throttles;
    private final long blobsPerSecond;
    private final AtomicReference<ReconciliationReport> last = new AtomicReference<>();
    private final AtomicLong orphansFreedTotal = new AtomicLong();

    /**
     * {@code orphanGrace}: see {@link #orphanGrace(Duration)}; {@code blobsPerSecond} paces both walks (0: no
     * limit); {@code throttles} makes a throttle for a rate ({@link Throttle#of} outside tests).
     */
    Reconciler(IntegrityCatalog catalog, BlobEngine blobs, Clock clock, Duration orphanGrace,
               long blobsPerSecond, LongFunction<Throttle> throttles) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (orphanGrace.compareTo(MIN_ORPHAN_GRACE) < 0) {
            throw new IllegalArgumentException("the orphan grace must be at least " + MIN_ORPHAN_GRACE);
        }
        this.orphanGrace = orphanGrace;
        this.blobsPerSecond = blobsPerSecond;
        this.throttles = Objects.requireNonNull(throttles, "throttles");
    }

    /** The GC grace, raised to {@link #MIN_ORPHAN_GRACE}. */
    static Duration orphanGrace(Duration gcGrace) {
        return gcGrace.compareTo(MIN_ORPHAN_GRACE) < 0 ? MIN_ORPHAN_GRACE : gcGrace;
    }

    /** One pass: frees old orphans, then reports rows whose blob is missing. */
    public synchronized ReconciliationReport run() throws IOException, InterruptedException {
        Instant started = clock.instant();
        Throttle throttle = throttles.apply(blobsPerSecond);
        long[] orphans = sweepOrphans(started.minus(orphanGrace), throttle);
        List<LostBlob> lost = new ArrayList<>();
        long[] rows = findMissing(throttle, lost);
        ReconciliationReport report = new ReconciliationReport(started, clock.instant(), orphans[0], orphans[1],
                orphans[2], rows[0], rows[1], lost);
        last.set(report);
        LOG.info("reconciliation: {} blobs listed, {} orphans freed ({} bytes), {} rows checked, {} missing, {} ms",
                report.blobsSeen(), report.orphansFreed(), report.orphanBytesFreed(), report.rowsChecked(),
                report.missingCount(), report.duration().toMillis());
        return report;
    }

    /** The last finished pass, if any. */
    public Optional<ReconciliationReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    /** Orphaned blobs freed since this gateway started. */
    public long orphansFreedTotal() {
        return orphansFreedTotal.get();
    }

    /** Returns {blobs seen, orphans freed, bytes freed}. */
    private long[] sweepOrphans(Instant cutoff, Throttle throttle) throws IOException, InterruptedException {
        long[] counts = new long[3];
        List<BlobEntry> batch = new ArrayList<>();
        try (Stream<BlobEntry> listed = blobs.list()) {
            Iterator<BlobEntry> it = listed.iterator();
            while (it.hasNext()) {
                BlobEntry e = it.next();
                counts[0]++;
                throttle.acquire(1);
                // Strictly older than the grace; a blob being written has no entry yet or a fresh time.
                if (e.lastWritten().isBefore(cutoff)) {
                    batch.add(e);
                }
                if (batch.size() == BATCH) {
                    free(batch, counts);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        free(batch, counts);
        return counts;
    }

    private void free(List<BlobEntry> batch, long[] counts) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        Set<BlobId> named = catalog.referenced(batch.stream().map(BlobEntry::id).toList());
        for (BlobEntry e : batch) {
            if (!named.contains(e.id())) {
                blobs.delete(e.id());
                counts[1]++;
                counts[2] += e.storedBytes();
                orphansFreedTotal.incrementAndGet();
                LOG.info("freed orphaned blob {} ({} bytes, last written {}): no catalog row names it", e.id(),
                        e.storedBytes(), e.lastWritten());
            }
        }
        batch.clear();
    }

    /** Returns {rows checked, rows missing}; lists up to MAX_LISTED of them in {@code lost}. */
    private long[] findMissing(Throttle throttle, List<LostBlob> lost) throws IOException, InterruptedException {
        long[] counts = new long[2];
        for (BlobKind kind : BlobKind.values()) {
            BlobRow after = null;
            for (List<BlobRow> page; !(page = catalog.rows(kind, after, BATCH)).isEmpty(); ) {
                for (BlobRow row : page) {
                    counts[0]++;
                    throttle.acquire(1);
                    if (isLost(row)) {
                        counts[1]++;
                        if (lost.size() < MAX_LISTED) {
                            lost.add(LostBlob.of(row));
                        }
                        LOG.error("DATA LOSS: blob {} of {} {} in bucket {}{} is missing from the blob store",
                                row.blob().id(), row.kind(), LogText.quote(row.key()), LogText.quote(row.bucket()),
                                row.partNumber() > 0 ? " (part " + row.partNumber() + ")" : "");
                    }
                }
                after = page.get(page.size() - 1);
            }
        }
        return counts;
    }

    /** Missing, and still named once we look again (a row deleted meanwhile lets its blob go legitimately). */
    private boolean isLost(BlobRow row) throws IOException {
        BlobId id = row.blob().id();
        return !blobs.exists(id) && catalog.stillNamed(id) && !blobs.exists(id);
    }
}
