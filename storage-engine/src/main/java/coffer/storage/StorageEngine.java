package coffer.storage;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobMigrationReport;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.FreeSpaceReserve;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.blob.s3.BlobMigration;
import coffer.storage.internal.blob.s3.BlobStoreRecord;
import coffer.storage.internal.blob.s3.S3BlobEngine;
import coffer.storage.internal.blob.volume.TieredBlobEngine;
import coffer.storage.internal.blob.volume.VolumeBlobEngine;
import coffer.storage.internal.blob.volume.VolumeChannels;
import coffer.storage.internal.catalog.CatalogSchema;
import coffer.storage.internal.crypto.KeyringRefresher;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.maintenance.Maintenance;
import coffer.storage.maintenance.MaintenanceSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine's one entry point: everything a process needs to run the engine, in the order it must start.
 * <ol>
 * <li>{@link #openKeys}: the master key directory, checked (or created) first, so that a key directory that is not
 * safe refuses the start before a database or anything else starts; or {@link #openClusterKeys}, the cluster key
 * file, checked likewise, whose keyring {@link #open} then reads from the catalog;</li>
 * <li>{@link #open}: the blob engines (local files, plus volumes when on or found on disk; or, with
 * {@link EngineSettings#s3}, the S3 blob store alone), removal of what crashed
 * writes left, the {@link Store} and its catalog schema;</li>
 * <li>(the caller's own first use of {@link #store()}, e.g. creating the first account);</li>
 * <li>{@link #startMaintenance}: the engine's background work ({@link Maintenance}).</li>
 * </ol>
 * {@link #close()} closes the blob engines; the caller closes the {@link Maintenance} it started first.
 */
public final class StorageEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);
    private final Deque<AutoCloseable> blobEngines;
    private final BlobEngine blobs;
    private final MasterKeyring keys;
    private final DataSource database;
    private final EngineSettings settings;
    private final Store store;
    private final BooleanSupplier blobStoreReachable;

    /**
     * The opened master keys, to be handed to {@link #open}: a key directory's keyring, or the cluster key file whose
     * keyring {@link #open} reads from the catalog.
     */
    public static final class Keys {
        private final MasterKeyring ring;
        private final Path clusterKeyFile;
        private final Path keyDir;
        private final SecureRandom random;

        private Keys(MasterKeyring ring, Path clusterKeyFile, Path keyDir, SecureRandom random) {
            this.ring = ring;
            this.clusterKeyFile = clusterKeyFile;
            this.keyDir = keyDir;
            this.random = random;
        }

        private MasterKeyring open(DataSource database) throws IOException {
            if (ring != null) {
                return ring;
            }
            // The keyring's tables must exist before it is read.
            CatalogSchema.migrate(database);
            return MasterKeyring.openCluster(clusterKeyFile, keyDir, database, random);
        }
    }

    private StorageEngine(Deque<AutoCloseable> blobEngines, BlobEngine blobs, MasterKeyring keys, DataSource database,
                          EngineSettings settings, Store store, BooleanSupplier blobStoreReachable) {
        this.blobEngines = blobEngines;
        this.blobs = blobs;
        this.keys = keys;
        this.database = database;
        this.settings = settings;
        this.store = store;
        this.blobStoreReachable = blobStoreReachable;
    }

    /**
     * Opens the master key directory, creating the first key in an empty one.
     *
     * @throws coffer.storage.KeyDirectoryException when the directory is not safe to use
     */
    public static Keys openKeys(Path keyDir, SecureRandom random) throws IOException {
        return new Keys(MasterKeyring.openOrCreate(keyDir, random), null, keyDir, random);
    }

    /**
     * The cluster keyring (docs/security.md, "One keyring for a cluster"): checks the cluster key file now, if it
     * exists (a file open to others or of the wrong size refuses the start before the database starts); {@link #open}
     * then reads the master key versions from the catalog, creating the keyring (and the file, when missing) on a new
     * catalog, importing {@code keyDir} when this single-node key directory exists, and refusing a file that is not
     * the keyring's.
     *
     * @throws coffer.storage.KeyDirectoryException when the file is not safe to use
     */
    public static Keys openClusterKeys(Path clusterKeyFile, Path keyDir, SecureRandom random) throws IOException {
        MasterKeyring.checkClusterKeyFile(clusterKeyFile);
        return new Keys(null, clusterKeyFile, keyDir, random);
    }

    /**
     * Opens the blob engines, removes what writes the last run never finished, builds the store and brings the
     * catalog schema up to date. Nothing is written before the recovery.
     */
    public static StorageEngine open(EngineSettings settings, Keys keys, DataSource database) throws Exception {
        MasterKeyring ring = keys.open(database);
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            opened.push(KeyringRefresher.start(ring));
            if (settings.s3() != null) {
                // Every blob in the object store, small ones in packs indexed by the catalog (migrated below,
                // before the first write).
                warnOfLocalBlobs(settings.blobDir());
                S3BlobEngine s3 = S3BlobEngine.open(settings.s3(), ring, settings.random(), database,
                        settings.clock());
                opened.push(s3);
                return finish(opened, s3, ring, database, settings, s3::reachable);
            }
            LocalBlobEngine files = new LocalBlobEngine(settings.blobDir(), ring, settings.random(),
                    settings.minFreeBytes());
            opened.push(files);
            BlobEngine blobs = files;
            // Volumes turned off after use stay open for reads and deletes of what they hold.
            Path volumeDir = settings.blobDir().resolve("volumes");
            if (settings.volumesEnabled() || Files.isDirectory(volumeDir)) {
                TieredBlobEngine tiered = new TieredBlobEngine(files, VolumeBlobEngine.open(volumeDir,
                        new BlobCodec(ring, settings.random()), settings.volumes(), VolumeChannels.DEFAULT),
                        settings.volumesEnabled(), new FreeSpaceReserve(settings.blobDir(), settings.minFreeBytes()));
                opened.push(tiered);
                blobs = tiered;
            }
            return finish(opened, blobs, ring, database, settings, () -> true);
        } catch (Exception | Error e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Local blobs are not read in S3 mode: say so if there are any, rather than answering 500s silently. */
    private static void warnOfLocalBlobs(Path blobDir) throws IOException {
        if (Files.isDirectory(blobDir)) {
            try (Stream<Path> entries = Files.list(blobDir)) {
                if (entries.findAny().isPresent()) {
                    LOG.warn("blobs are in the S3 store now, but {} is not empty: objects stored there before are"
                            + " not read in this mode (docs/deploy.md, \"Blobs on an S3-compatible store\"); after"
                            + " coffer admin blobs migrate they are the old copies, which --remove-local deletes"
                            + " (docs/operations.md)", blobDir);
                }
            }
        }
    }

    private static StorageEngine finish(Deque<AutoCloseable> opened, BlobEngine blobs, MasterKeyring ring,
                                        DataSource database, EngineSettings settings, BooleanSupplier reachable)
            throws IOException {
        // Before the first write: a .tmp file now can only be a write the last run never finished.
        blobs.recover();
        Store store = Store.builder().database(database).blobs(blobs).sealer(ring).clock(settings.clock())
                .random(settings.random()).gcGrace(settings.gcGrace()).multipartLimits(settings.multipart())
                .gateway(settings.gateway()).build();
        store.migrate();
        // The catalog names its S3 store, and the store names the catalog: never serve it from another one.
        BlobStoreRecord.checkStart(database, settings.s3(), blobs instanceof S3BlobEngine s3 ? s3.marker() : null,
                settings.random());
        return new StorageEngine(opened, blobs, ring, database, settings, store, reachable);
    }

    /**
     * Moves an installation's local blobs to the S3 store {@code settings.s3()} ({@code coffer admin blobs migrate},
     * docs/operations.md "Moving local blobs to an S3 store"), with every gateway on the catalog stopped:
     * {@link BlobMigrationReport.Step#MIGRATE} copies the local blob files and volume records under
     * {@code settings.blobDir()} as they are stored (ciphertext; nothing is decrypted), verifies every blob the catalog
     * names against the store, and switches the catalog's blob store when all verified; run again after a failure or
     * a kill, it copies only what is missing. {@link BlobMigrationReport.Step#VERIFY} verifies only;
     * {@link BlobMigrationReport.Step#REMOVE_LOCAL}, after the switch, verifies and then deletes the local blobs.
     * {@code progress} gets a line every few seconds. Refusals (a gateway running, nothing to migrate, another
     * store) are {@link IllegalStateException}s whose message says what to do.
     */
    public static BlobMigrationReport migrateBlobs(EngineSettings settings, Keys keys, DataSource database,
                                                   BlobMigrationReport.Step step, boolean allowMissing,
                                                   Consumer<String> progress) throws IOException {
        S3BlobSettings target = Objects.requireNonNull(settings.s3(), "the S3 store to migrate to");
        CatalogSchema.migrate(database);
        MasterKeyring ring = keys.open(database); // the local engines' codec; no blob is decrypted
        Path blobDir = settings.blobDir();
        boolean local = Files.isDirectory(blobDir);
        if (!local && step == BlobMigrationReport.Step.MIGRATE) {
            throw new IllegalStateException("there are no local blobs to migrate: " + blobDir + " does not exist"
                    + " (is --data-dir the installation's?)");
        }
        BlobMigrationReport report;
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            LocalBlobEngine files = null;
            VolumeBlobEngine volumes = null;
            if (local) {
                files = new LocalBlobEngine(blobDir, ring, settings.random());
                opened.push(files);
                Path volumeDir = blobDir.resolve("volumes");
                if (Files.isDirectory(volumeDir)) {
                    VolumeSettings v = settings.volumes();
                    // Read only: no background compaction while the records are copied.
                    volumes = VolumeBlobEngine.open(volumeDir, new BlobCodec(ring, settings.random()),
                            new VolumeSettings(v.maxObjectBytes(), v.volumeBytes(), v.writers(), v.maxBatchBytes(),
                                    v.compactDeadShare(), Duration.ZERO), VolumeChannels.DEFAULT);
                    opened.push(volumes);
                }
            }
            BlobMigration migration = new BlobMigration(target, database, files, volumes, settings.clock(),
                    settings.random(), progress);
            opened.push(migration);
            report = migration.run(step, allowMissing);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(opened, e);
            throw e;
        }
        try {
            closeAll(opened);
        } catch (Exception e) {
            throw new IOException("closing the local blob engines failed: " + e, e);
        }
        if (step == BlobMigrationReport.Step.REMOVE_LOCAL && report.problemCount() == 0 && local) {
            long removed = removeTree(blobDir);
            report = new BlobMigrationReport(report.step(), report.target(), report.rows(), report.copied(),
                    report.copiedBytes(), report.alreadyCopied(), report.verified(), report.problemCount(),
                    report.problems(), report.switched(), report.switchedAt(), removed);
        }
        return report;
    }

    /** Deletes everything under {@code dir} (not {@code dir} itself), deepest first; returns the files deleted. */
    private static long removeTree(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
        }
        long files = 0;
        for (Path p : all) {
            if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                files++;
            }
            Files.delete(p);
        }
        LOG.info("removed {} local blob files and volumes under {}", files, dir);
        return files;
    }

    private static void closeQuietly(Deque<AutoCloseable> opened, Throwable failure) {
        try {
            closeAll(opened);
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Whether the blob store can take work now: always for local disks (the gateway checks its data directory
     * itself); for the S3 store, whether its bucket answers a HEAD within a short timeout.
     */
    public boolean blobStoreReachable() {
        return blobStoreReachable.getAsBoolean();
    }

    public Store store() {
        return store;
    }

    /** The keyring (tests in this package). */
    MasterKeyring keyring() {
        return keys;
    }

    /**
     * Starts the engine's background work: GC, multipart reaper, reservation leases, integrity, key re-wrap. The
     * caller closes the returned {@link Maintenance} before it closes this engine.
     */
    public Maintenance startMaintenance(MaintenanceSchedule schedule) {
        Maintenance maintenance = Maintenance.start(store, database, blobs, keys, settings.clock(),
                settings.gcGrace(), schedule);
        if (blobs instanceof S3BlobEngine s3) {
            s3.runBackgroundOnlyWhile(maintenance.lease()::held); // pack compaction: one gateway at a time
        }
        return maintenance;
    }

    /** Closes the blob engines (the volume tier first, then the local files), and stops polling a cluster keyring. */
    @Override
    public void close() throws Exception {
        closeAll(blobEngines);
    }

    private static void closeAll(Deque<AutoCloseable> parts) throws Exception {
        Exception first = null;
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
