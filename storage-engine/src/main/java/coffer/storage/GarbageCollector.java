package coffer.storage;

import coffer.storage.blob.BlobEngine;
import coffer.storage.internal.catalog.Catalog;
import coffer.storage.internal.catalog.GcEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the blobs in {@code gc_queue} whose grace period has passed: claims a batch, deletes each blob, then forgets
 * its entry. A blob that fails to delete stays queued and is retried after the claim's lease. The catalog never
 * hands out a blob still named by a row. Thread-safe: claims are exclusive in the catalog.
 */
final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Catalog catalog;
    private final BlobEngine blobs;

    GarbageCollector(Catalog catalog, BlobEngine blobs) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /** Frees up to {@code batch} blobs due now; returns how many were freed. */
    int collect(int batch) {
        return free(catalog.claimGarbage(batch));
    }

    /** Frees up to {@code batch} blobs due at {@code asOf}; returns how many were freed. */
    int collect(int batch, Instant asOf) {
        return free(catalog.claimGarbage(batch, asOf));
    }

    private int free(List<GcEntry> entries) {
        int freed = 0;
        for (GcEntry entry : entries) {
            try {
                blobs.delete(entry.blobId());
            } catch (IOException e) {
                LOG.warn("could not free blob {}; will retry", entry.blobId(), e);
                continue;
            }
            catalog.forgetGarbage(entry.id());
            freed++;
        }
        return freed;
    }
}
