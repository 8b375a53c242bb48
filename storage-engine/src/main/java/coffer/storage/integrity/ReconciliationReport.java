package coffer.storage.integrity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one reconciliation pass found and did. {@code missing} lists at most {@link Reconciler#MAX_LISTED} rows;
 * {@code missingCount} counts them all.
 *
 * @param blobsSeen        blobs the store listed
 * @param orphansFreed     blobs no row named, older than the orphan grace, deleted
 * @param orphanBytesFreed their size on disk
 * @param rowsChecked      catalog rows whose blob was looked for
 * @param missingCount     rows whose blob is missing (data loss)
 */
public record ReconciliationReport(Instant started, Instant finished, long blobsSeen, long orphansFreed,
                                   long orphanBytesFreed, long rowsChecked, long missingCount,
                                   List<LostBlob> missing) {
    public ReconciliationReport {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        missing = List.copyOf(missing);
    }

    public Duration duration() {
        return Duration.between(started, finished);
    }
}
