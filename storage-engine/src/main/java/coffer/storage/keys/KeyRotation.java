package coffer.storage.keys;

import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.internal.keys.KeyCatalog;
import coffer.storage.internal.keys.Rewrapper;
import coffer.storage.internal.keys.SealedColumn;
import coffer.storage.keys.KeyRotationException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master key administration: rotate (a new current version, used by every write from that moment), re-wrap (a
 * background job that moves every wrapped data key and sealed secret in the catalog to the current version, in
 * batches, never rewriting data), status (versions and how many values each still protects) and destroy (shred an
 * old version's key file once nothing uses it).
 *
 * <p>The job keeps no state of its own: what is left to do is "every value not under the current version", read
 * from the catalog, so a job cut short (a restart, a catalog outage) resumes by simply running again, which
 * {@link #startRewrap} does; the gateway calls it at start while more than one version is loaded.
 *
 * <p>Thread-safe. One job at a time on one background thread; a start while it runs makes it run once more.
 * Rotate and destroy are serialised with each other.
 */
public final class KeyRotation implements AutoCloseable {
    /** Rows per batch: each batch is one short transaction. */
    public static final int DEFAULT_BATCH_SIZE = 200;
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

    private final KeyCatalog catalog;
    private final MasterKeyring keys;
    private final Clock clock;
    private final int batchSize;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coffer-key-rewrap");
        t.setDaemon(true);
        return t;
    });

    /** Serialises rotate and destroy, so a destroy's count and its shredding see one current version. */
    private final Object keyChanges = new Object();
    // Guarded by this.
    private boolean running;
    private boolean runAgain;
    private Rewrapper current;
    private Instant started;
    private Instant finished;
    private String error;
    private RewrapJob last = RewrapJob.NEVER;

    public KeyRotation(DataSource db, MasterKeyring keys, Clock clock) {
        this(db, keys, clock, DEFAULT_BATCH_SIZE);
    }

    public KeyRotation(DataSource db, MasterKeyring keys, Clock clock, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.catalog = new KeyCatalog(db);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.batchSize = batchSize;
    }

    /** Creates the next master key version, makes it current at once, and starts the re-wrap job. */
    public int rotate() {
        int version;
        synchronized (keyChanges) {
            try {
                version = keys.rotate();
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the next master key version", e);
            }
        }
        LOG.info("master key version {} is now current; re-wrapping the catalog in the background", version);
        startRewrap();
        return version;
    }

    /** Starts the re-wrap job; if it is running, it runs once more after this run. Returns whether it started. */
    public synchronized boolean startRewrap() {
        if (running) {
            runAgain = true;
            return false;
        }
        running = true;
        worker.execute(this::runJobs);
        return true;
    }

    private void runJobs() {
        while (true) {
            refreshKeys();
            Rewrapper r = new Rewrapper(catalog, keys, batchSize);
            synchronized (this) {
                current = r;
                started = clock.instant();
                finished = null;
                error = null;
                runAgain = false;
            }
            String failure = null;
            try {
                if (!r.run()) {
                    failure = "interrupted";
                }
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.warn("key re-wrap stopped, will resume on the next start: {}", e.toString());
            }
            synchronized (this) {
                finished = clock.instant();
                error = failure;
                last = snapshot(false);
                current = null;
                if (!runAgain || failure != null) {
                    running = false;
                    LOG.info("key re-wrap finished: {} re-wrapped, {} changed meanwhile, {} failed",
                            last.rewrapped(), last.skipped(), last.failed());
                    return;
                }
            }
        }
    }

    /**
     * A cluster keyring: take up a version another gateway made current before re-wrapping, so that values move
     * to the newest version, never back to an older one.
     */
    private void refreshKeys() {
        try {
            keys.refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not look for new master key versions before the re-wrap: {}", e.getMessage());
        }
    }

    private RewrapJob snapshot(boolean isRunning) {
        return new RewrapJob(isRunning, started, finished, current.rewrapped(), current.skipped(),
                current.failed(), error);
    }

    /** Runs a whole re-wrap in the calling thread (tests, tools); not alongside the background job. */
    public RewrapJob rewrapNow() {
        refreshKeys();
        Rewrapper r = new Rewrapper(catalog, keys, batchSize);
        boolean complete = r.run();
        return new RewrapJob(false, null, null, r.rewrapped(), r.skipped(), r.failed(),
                complete ? null : "interrupted");
    }

    /** The job as it is now. */
    public synchronized RewrapJob job() {
        return running && current != null ? snapshot(true)
                : running ? new RewrapJob(true, started, null, 0, 0, 0, null) : last;
    }

    /** Every version loaded or named by the catalog, with its counts (a scan of every table), and the job. */
    public KeyStatus status() {
        Map<SealedColumn, Map<Integer, Long>> counts = catalog.countByVersion();
        int currentVersion = keys.currentVersion();
        TreeSet<Integer> versions = new TreeSet<>(keys.versions());
        counts.values().forEach(m -> versions.addAll(m.keySet()));
        List<VersionUsage> usage = new ArrayList<>();
        for (int v : versions) {
            Map<String, Long> rows = new TreeMap<>();
            counts.forEach((col, byVersion) -> {
                Long n = byVersion.get(v);
                if (n != null && n > 0) {
                    rows.put(col.label(), n);
                }
            });
            usage.add(new VersionUsage(v, keys.versions().contains(v), v == currentVersion, rows));
        }
        return new KeyStatus(currentVersion, usage, job());
    }

    /**
     * Shreds {@code version}'s key file once no catalog value uses it: NO_SUCH_VERSION, CURRENT_VERSION, or
     * VERSION_IN_USE with the count (run the re-wrap, finish or abort SSE-C uploads, and try again).
     */
    public void destroy(int version) {
        synchronized (keyChanges) {
            if (!keys.versions().contains(version)) {
                throw new KeyRotationException(Problem.NO_SUCH_VERSION,
                        "master key version " + version + " is not loaded", 0);
            }
            if (version == keys.currentVersion()) {
                throw new KeyRotationException(Problem.CURRENT_VERSION,
                        "master key version " + version + " is current; rotate first", 0);
            }
            // A cluster keyring: other gateways may still write under a version that was current moments ago.
            Optional<String> tooRecent = keys.destroyRefusal(version);
            if (tooRecent.isPresent()) {
                throw new KeyRotationException(Problem.CURRENT_VERSION, tooRecent.get(), 0);
            }
            long rows = catalog.countOnVersion(version);
            if (rows > 0) {
                throw new KeyRotationException(Problem.VERSION_IN_USE, "master key version " + version
                        + " still protects " + rows + " catalog values", rows);
            }
            try {
                keys.destroy(version);
            } catch (IOException e) {
                throw new UncheckedIOException("could not shred master key version " + version, e);
            }
        }
        LOG.info("master key version {} destroyed", version);
    }

    /** Stops the job between two batches; a later start resumes it. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("key re-wrap did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
