package coffer.storage.integrity;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobKind;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.integrity.ScrubFinding.Problem;
import coffer.storage.internal.catalog.BlobRow;
import coffer.storage.internal.catalog.IntegrityCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrub: verifies every blob the catalog names (single-blob objects, completed multipart objects' parts, open
 * uploads' parts). First the checks that need no key ({@link BlobEngine#checkStored}: present, length, header),
 * then a full authenticated read (key commitment and every segment's tag), whose plaintext is discarded as it
 * streams. An SSE-C blob cannot be decrypted without its customer key, which is never stored: it gets the keyless
 * checks only and is counted as such. An SSE-KMS blob is read through its KMS layer (its object's or upload's key
 * id), which is checked with it. Reads are paced by a {@link Throttle} in plaintext bytes per second.
 *
 * <p>Each finding is logged at ERROR with bucket and key, and kept in the {@link ScrubTally}. A blob that is missing
 * but whose row was deleted meanwhile is not a finding. Stateless: thread-safe; one {@link #run} per tally.
 */
final class Scrubber {
    /** How many findings a report lists (all are counted and logged). */
    static final int MAX_LISTED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);
    private static final int PAGE = 200;

    private final IntegrityCatalog catalog;
    private final BlobEngine blobs;
    private final Clock clock;

    Scrubber(IntegrityCatalog catalog, BlobEngine blobs, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks everything, counting into {@code tally}; returns the final report. Interrupt the thread to stop. */
    ScrubReport run(ScrubTally tally, Throttle throttle) throws IOException, InterruptedException {
        for (BlobKind kind : BlobKind.values()) {
            BlobRow after = null;
            for (List<BlobRow> page; !(page = catalog.rows(kind, after, PAGE)).isEmpty(); ) {
                for (BlobRow row : page) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("scrub stopped");
                    }
                    count(tally, row, after);
                    check(tally, row, throttle);
                    after = row;
                }
            }
        }
        ScrubReport report = tally.report(clock.instant());
        LOG.info("scrub: {} objects and {} upload parts, {} blobs, {} bytes verified, {} keyless only,"
                        + " {} damaged, {} missing", report.objectsChecked(), report.uploadPartsChecked(),
                report.blobsChecked(), report.bytesChecked(), report.keylessOnly(), report.damaged(),
                report.missing());
        return report;
    }

    /** A multipart object's parts come in a row, ordered by bucket and key: count the object at its first part. */
    private static void count(ScrubTally tally, BlobRow row, BlobRow previous) {
        switch (row.kind()) {
            case OBJECT, OBJECT_VERSION -> tally.object();
            case OBJECT_PART -> {
                if (previous == null || previous.bucketId() != row.bucketId() || !previous.key().equals(row.key())) {
                    tally.object();
                }
            }
            case OBJECT_VERSION_PART -> {
                if (previous == null || previous.bucketId() != row.bucketId() || !previous.key().equals(row.key())
                        || !java.util.Objects.equals(previous.versionId(), row.versionId())) {
                    tally.object();
                }
            }
            case UPLOAD_PART -> tally.uploadPart();
        }
        tally.blob();
    }

    private void check(ScrubTally tally, BlobRow row, Throttle throttle) throws IOException, InterruptedException {
        StoredBlob blob = row.blob();
        BlobCheck stored = blobs.checkStored(blob.id(), blob.size());
        switch (stored.status()) {
            case MISSING -> {
                missing(tally, row, stored.detail());
                return;
            }
            case DAMAGED -> {
                found(tally, row, Problem.DAMAGED, stored.detail());
                return;
            }
            case OK -> {
                // go on with the checks that need the key
            }
        }
        try (InputStream in = blobs.read(row.kmsKeyId() == null ? blob
                : blobs.unwrapFromKmsKey(blob, row.kmsKeyId()), 0, blob.size() - 1)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                tally.bytes(n);
                throttle.acquire(n);
            }
        } catch (CustomerKeyException e) {
            // SSE-C: without the customer key the keyless checks are all there is.
            tally.keylessOnly();
        } catch (BlobCorruptedException e) {
            found(tally, row, Problem.DAMAGED, e.getMessage());
        } catch (NoSuchFileException e) {
            missing(tally, row, "blob file is missing");
        } catch (IOException e) {
            found(tally, row, Problem.DAMAGED, "unreadable: " + e.getClass().getSimpleName());
        }
    }

    private void missing(ScrubTally tally, BlobRow row, String detail) {
        if (catalog.stillNamed(row.blob().id())) {
            found(tally, row, Problem.MISSING, detail);
        }
    }

    private static void found(ScrubTally tally, BlobRow row, Problem problem, String detail) {
        tally.found(ScrubFinding.of(row, problem, detail));
        LOG.error("scrub: {} {} in bucket {}{} is {}: {}", row.kind(), LogText.quote(row.key()),
                LogText.quote(row.bucket()), row.partNumber() > 0 ? " (part " + row.partNumber() + ")" : "",
                problem, detail);
    }
}
