package coffer.storage.internal.keys;

import coffer.storage.blob.BlobId;
import coffer.storage.crypto.SealedValueException;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.internal.keys.KeyCatalog.Replacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One re-wrap run: moves every re-wrappable catalog value to the current master key version, a batch at a time
 * (read a page of rows not on it, re-wrap in memory, write back each row only where it still holds what was read).
 * Never touches blob files. Repeats the sweep while it still finds work, because a copy made from a not-yet
 * re-wrapped source carries the old value to a row the sweep may have passed. Stops between batches when its thread
 * is interrupted. Plaintext data keys and secrets live only for one row and are zeroed. One run per instance; its
 * counts may be read from other threads while it runs. Driven by {@link coffer.storage.keys.KeyRotation}.
 */
public final class Rewrapper {
    private static final Logger LOG = LoggerFactory.getLogger(Rewrapper.class);
    /** Enough sweeps for copies chained through old sources; each sweep costs one scan of each table. */
    private static final int MAX_SWEEPS = 10;

    private final KeyCatalog catalog;
    private final MasterKeyring keys;
    private final int batchSize;
    private final AtomicLong rewrapped = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public Rewrapper(KeyCatalog catalog, MasterKeyring keys, int batchSize) {
        this.catalog = catalog;
        this.keys = keys;
        this.batchSize = batchSize;
    }

    /** Sweeps until a sweep moves nothing; false if interrupted first. */
    public boolean run() {
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            long before = rewrapped.get();
            for (SealedColumn col : SealedColumn.values()) {
                if (col.rewrappable() && !sweep(col)) {
                    return false;
                }
            }
            if (rewrapped.get() == before) {
                return true;
            }
        }
        return true;
    }

    /** Values moved to the current version so far. */
    public long rewrapped() {
        return rewrapped.get();
    }

    /** Values left because they changed meanwhile (already current, or the row is gone). */
    public long skipped() {
        return skipped.get();
    }

    /** Values that did not open (damaged, or under a version not loaded), left as they were. */
    public long failed() {
        return failed.get();
    }

    private boolean sweep(SealedColumn col) {
        List<Object> after = null;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            List<SealedRow> page = catalog.notOnVersion(col, keys.currentVersion(), after, batchSize);
            List<Replacement> replacements = new ArrayList<>(page.size());
            for (SealedRow row : page) {
                try {
                    replacements.add(new Replacement(row, rewrap(col, row)));
                } catch (SealedValueException | IllegalArgumentException e) {
                    // Damaged, or under a version this gateway lacks: leave it; status keeps counting it.
                    failed.incrementAndGet();
                    LOG.warn("cannot re-wrap {} of {}: {}", col.label(), row.context(), e.getMessage());
                }
            }
            int done = catalog.replace(col, replacements);
            rewrapped.addAndGet(done);
            skipped.addAndGet(replacements.size() - done);
            if (page.size() < batchSize) {
                return true;
            }
            after = page.get(page.size() - 1).primaryKey();
        }
    }

    private byte[] rewrap(SealedColumn col, SealedRow row) {
        return switch (col.kind()) {
            case DATA_KEY -> {
                byte[] context = new BlobId(row.context()).toBytes();
                if (row.kmsKeyId() != null) {
                    // SSE-KMS: both layers move to the current version together.
                    yield keys.rewrapUnderKmsKey(row.kmsKeyId(), row.value(), context);
                }
                byte[] dataKey = keys.unwrapDataKey(row.value(), context);
                try {
                    yield keys.wrapDataKey(dataKey, context);
                } finally {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
            case SECRET -> {
                // The context Store seals access key secrets with: the account id and the access key id.
                byte[] context = row.accessKeyContext();
                byte[] secret = keys.open(row.value(), context);
                try {
                    yield keys.seal(secret, context);
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            case KEY_CHECK -> throw new IllegalArgumentException(col.label() + " cannot be re-wrapped");
        };
    }
}
