package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BlobKind;
import coffer.storage.blob.BlobMigrationReport;
import coffer.storage.blob.BlobMigrationReport.Step;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.internal.blob.BlobFormat;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.blob.volume.VolumeBlobEngine;
import coffer.storage.internal.blob.volume.VolumeRecord;
import coffer.storage.internal.catalog.BlobRow;
import coffer.storage.internal.catalog.IntegrityCatalog;
import coffer.storage.internal.catalog.Transactions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Copies an installation's local blobs (blob files and volume records) to an S3 store, verifies every blob the
 * catalog names, and switches the catalog's blob store ({@link BlobStoreRecord}) when nothing is wrong
 * (docs/operations.md, "Moving local blobs to an S3 store"). Only stored bytes move: ciphertext, headers and CRCs,
 * byte for byte; nothing is decrypted and no key is used.
 *
 * <p>Where each blob goes is where {@link S3BlobEngine} would have written it, so its read path finds it: a volume
 * record of a blob up to {@link S3BlobSettings#packMaxObjectBytes} goes unchanged into a pack (a volume record is a
 * pack record), through the engine's own {@link PackWriter} and pack index; every other blob (blob files: large
 * objects, parts, unknown lengths; larger volume records' payloads) becomes the object {@code blobs/<id>}.
 *
 * <p>Idempotent: a blob already indexed in a pack or stored as an object of its length is not copied again, so a
 * run cut short (killed, the store away) is resumed by running again. What a cut-short run leaves in the store and
 * never indexed (a pack PUT before its index transaction, an unfinished multipart upload) is what the S3 engine's
 * orphan sweep and the bucket's lifecycle rule remove. Not thread-safe: one run at a time.
 */
public final class BlobMigration implements AutoCloseable {
    private static final int PAGE = 200;
    private static final long MAX_PENDING_PACK_BYTES = 32L << 20;
    private static final int WORKERS = 4;
    private static final int CHUNK = 1 << 20;
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A blob's local copy: a volume record, a blob file, or none; {@code problem} when it is damaged or absent. */
    private record Source(byte[] record, Path file, String problem) {
        boolean present() {
            return record != null || file != null;
        }
    }

    private final S3BlobSettings target;
    private final S3Backend backend;
    private final PackIndex index;
    private final PackWriter packs;
    private final PartBuffers buffers;
    private final ExecutorService partUploaders;
    private final ExecutorService workers;
    private final IntegrityCatalog catalog;
    private final BlobStoreRecord record;
    private final LocalBlobEngine files;
    private final VolumeBlobEngine volumes;
    private final Consumer<String> progress;
    private final MigrationTally tally = new MigrationTally();
    private long lastProgress = System.nanoTime();

    /**
     * A migration from {@code files} and {@code volumes} (either may be null: nothing there) to {@code target}, on
     * catalog {@code db}; {@code progress} gets a line every few seconds.
     */
    public BlobMigration(S3BlobSettings target, DataSource db, LocalBlobEngine files, VolumeBlobEngine volumes,
                         Clock clock, SecureRandom random, Consumer<String> progress) {
        this.target = target;
        this.backend = new S3Backend(target);
        Transactions tx = new Transactions(db);
        this.index = new PackIndex(tx);
        this.record = new BlobStoreRecord(tx);
        this.catalog = new IntegrityCatalog(db);
        this.packs = new PackWriter(backend, index, clock, random, target.packMaxBytes(), WORKERS);
        this.buffers = new PartBuffers(Math.min(8, target.uploadBuffers()), target.partBytes());
        this.partUploaders = threads(Math.min(8, target.uploadBuffers()), "coffer-migrate-part-uploader-");
        this.workers = threads(WORKERS, "coffer-migrate-worker-");
        this.files = files;
        this.volumes = volumes;
        this.progress = progress;
    }

    /**
     * Runs {@code step}. MIGRATE refuses while a gateway holds the catalog's background-work lease, records the
     * migration's start, copies, verifies, and switches when every blob verified (with {@code allowMissing}, blobs
     * missing or damaged at the source, unreadable before as after, do not prevent the switch). On a catalog that
     * switched already, MIGRATE verifies only. REMOVE_LOCAL needs the switch; it verifies only (the caller deletes).
     */
    public BlobMigrationReport run(Step step, boolean allowMissing) throws IOException {
        Optional<BlobStoreRecord.Row> before = record.read();
        boolean switchedBefore = before.isPresent() && BlobStoreRecord.S3.equals(before.get().state());
        if (switchedBefore && !before.get().names(target)) {
            throw new IllegalStateException("this catalog's blobs were migrated to another store ("
                    + before.get().where() + ")");
        }
        if (step == Step.REMOVE_LOCAL && !switchedBefore) {
            throw new IllegalStateException("local blobs are removed only after the switch to the S3 store: run"
                    + " the migration first");
        }
        boolean copy = step == Step.MIGRATE && !switchedBefore;
        if (step == Step.MIGRATE && switchedBefore) {
            progress.accept("the catalog switched to " + before.get().where() + " on " + before.get().switchedAt()
                    + " already; verifying");
        }
        if (copy) {
            refuseWhileAGatewayRuns();
            record.begin(target);
        }
        walk(copy);
        boolean switched = switchedBefore;
        Instant switchedAt = switchedBefore ? before.get().switchedAt() : null;
        if (copy && tally.otherProblems() == 0 && (allowMissing || tally.sourceProblems() == 0)) {
            refuseWhileAGatewayRuns();
            switched = record.switchTo(target, tally.verified(), tally.verifiedBytes());
            switchedAt = switched ? record.read().map(BlobStoreRecord.Row::switchedAt).orElse(null) : null;
        }
        return tally.report(step, describe(target), switched, switchedAt);
    }

    private void refuseWhileAGatewayRuns() {
        Optional<String> holder = record.liveLeaseHolder();
        if (holder.isPresent()) {
            throw new IllegalStateException("gateway " + holder.get() + " holds this catalog's background-work lease:"
                    + " stop every gateway on the catalog first (a gateway killed without stopping holds it until"
                    + " the lease runs out, --background-lease)");
        }
    }

    private void walk(boolean copy) throws IOException {
        for (BlobKind kind : BlobKind.values()) {
            BlobRow after = null;
            while (true) {
                List<BlobRow> page = catalog.rows(kind, after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                after = page.get(page.size() - 1);
                migratePage(page, copy);
                if (System.nanoTime() - lastProgress > PROGRESS_NANOS) {
                    lastProgress = System.nanoTime();
                    progress.accept(tally.line());
                }
            }
        }
    }

    private void migratePage(List<BlobRow> page, boolean copy) throws IOException {
        Map<BlobId, Source> sources = new LinkedHashMap<>();
        Map<BlobId, Long> sizes = new LinkedHashMap<>();
        for (BlobRow row : page) {
            BlobId id = row.blob().id();
            if (!sources.containsKey(id)) {
                sources.put(id, source(id, row.blob().size()));
                sizes.put(id, row.blob().size());
            }
        }
        Map<BlobId, String> failed = copy ? copyAll(sources) : Map.of();
        Map<BlobId, Future<String>> checks = new LinkedHashMap<>();
        for (Map.Entry<BlobId, Source> e : sources.entrySet()) {
            BlobId id = e.getKey();
            checks.put(id, failed.containsKey(id) ? CompletableFuture.completedFuture(failed.get(id))
                    : workers.submit(() -> verifyOrForget(id, sizes.get(id), e.getValue(), copy)));
        }
        Map<BlobId, String> verdicts = new LinkedHashMap<>();
        for (Map.Entry<BlobId, Future<String>> e : checks.entrySet()) {
            verdicts.put(e.getKey(), await(e.getValue()));
        }
        for (BlobRow row : page) {
            BlobId id = row.blob().id();
            Source source = sources.get(id);
            String verdict = verdicts.get(id);
            if (source.problem() != null && (source.present() || verdict != null)) {
                tally.sourceProblem(describe(row, source.problem() + (verdict == null ? "" : "; " + verdict)));
            } else if (verdict != null) {
                tally.otherProblem(describe(row, verdict));
            } else {
                tally.verified(BlobFormat.fileLength(row.blob().size()));
            }
        }
    }

    /** The local copy of blob {@code id}: its volume record, else its file; checked against the catalog size. */
    private Source source(BlobId id, long size) throws IOException {
        long expected = BlobFormat.fileLength(size);
        if (volumes != null) {
            try {
                Optional<byte[]> rec = volumes.storedRecord(id);
                if (rec.isPresent()) {
                    int payload = rec.get().length - VolumeRecord.HEADER_LENGTH;
                    return new Source(rec.get(), null, payload == expected ? null
                            : "its volume record holds " + payload + " bytes, expected " + expected);
                }
            } catch (BlobCorruptedException e) {
                return new Source(null, null, "damaged at the source: " + e.getMessage());
            }
        }
        Path file = files == null ? null : files.storedFile(id);
        if (file != null && Files.isRegularFile(file)) {
            long length = Files.size(file);
            return new Source(null, file, length == expected ? null
                    : "its local file is " + length + " bytes, expected " + expected);
        }
        return new Source(null, null, "missing at the source");
    }

    /** Copies every present blob not in the store yet; answers the blobs whose copy failed, with why. */
    private Map<BlobId, String> copyAll(Map<BlobId, Source> sources) throws IOException {
        Map<BlobId, Future<?>> copies = new LinkedHashMap<>();
        Map<BlobId, Long> bytes = new LinkedHashMap<>();
        Map<BlobId, String> failed = new LinkedHashMap<>();
        long pendingPackBytes = 0;
        for (Map.Entry<BlobId, Source> e : sources.entrySet()) {
            BlobId id = e.getKey();
            Source source = e.getValue();
            if (!source.present()) {
                continue;
            }
            long stored = source.record() != null ? source.record().length - VolumeRecord.HEADER_LENGTH
                    : Files.size(source.file());
            if (alreadyStored(id, stored)) {
                tally.alreadyCopied();
                continue;
            }
            bytes.put(id, stored);
            if (source.record() != null && stored <= BlobFormat.fileLength(target.packMaxObjectBytes())) {
                if (pendingPackBytes + source.record().length > MAX_PENDING_PACK_BYTES) {
                    settle(copies, bytes, failed);
                    pendingPackBytes = 0;
                }
                pendingPackBytes += source.record().length;
                copies.put(id, packs.append(id, source.record()));
            } else {
                copies.put(id, workers.submit(() -> {
                    upload(id, source);
                    return null;
                }));
            }
        }
        settle(copies, bytes, failed);
        return failed;
    }

    private void settle(Map<BlobId, Future<?>> copies, Map<BlobId, Long> bytes, Map<BlobId, String> failed)
            throws InterruptedIOException {
        for (Map.Entry<BlobId, Future<?>> c : copies.entrySet()) {
            try {
                c.getValue().get();
                tally.copied(bytes.get(c.getKey()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while copying blobs");
            } catch (ExecutionException e) {
                failed.put(c.getKey(), "copy failed: " + e.getCause());
            }
        }
        copies.clear();
    }

    /** Whether the store has blob {@code id}: in the pack index, or as an object of {@code storedBytes}. */
    private boolean alreadyStored(BlobId id, long storedBytes) throws IOException {
        if (index.find(id).isPresent()) {
            return true;
        }
        try {
            HeadObjectResponse head = backend.head(S3BlobEngine.BLOB_PREFIX + id);
            return head.contentLength() != null && head.contentLength() == storedBytes;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Streams the blob's stored bytes into {@code blobs/<id>} (one PUT, or a multipart upload with parallel parts). */
    private void upload(BlobId id, Source source) throws IOException {
        LargeBlobUpload upload = new LargeBlobUpload(backend, S3BlobEngine.BLOB_PREFIX + id, buffers, partUploaders,
                target.partsInFlight());
        try {
            if (source.record() != null) {
                byte[] payload = Arrays.copyOfRange(source.record(), VolumeRecord.HEADER_LENGTH,
                        source.record().length);
                upload.write(payload, payload.length);
            } else {
                try (InputStream in = Files.newInputStream(source.file())) {
                    byte[] chunk = new byte[CHUNK];
                    for (int n; (n = in.readNBytes(chunk, 0, CHUNK)) > 0; ) {
                        upload.write(chunk, n);
                    }
                }
            }
            upload.finish();
        } catch (Throwable t) {
            upload.abort(t);
            throw t;
        }
    }

    /**
     * {@link #verify}; before the switch ({@code forget}), a store copy that fails against a local one is forgotten
     * (its pack index row removed, or its object deleted), so that the next run copies it again instead of trusting
     * it. After the switch nothing is removed: the store's copy may be the only one.
     */
    private String verifyOrForget(BlobId id, long size, Source source, boolean forget) throws IOException {
        String problem = verify(id, size, source);
        if (problem == null || !forget || !source.present()) {
            return problem;
        }
        if (!index.remove(id)) {
            backend.delete(S3BlobEngine.BLOB_PREFIX + id);
        }
        return problem + "; forgotten, the next run copies it again";
    }

    /**
     * Null when the store's copy of blob {@code id} is byte for byte the local one (SHA-256 of the blob's stored
     * bytes on both sides; a pack record's header and CRC checked too), or, with no local copy, intact by the
     * keyless checks; else what is wrong.
     */
    private String verify(BlobId id, long size, Source source) throws IOException {
        long expected = BlobFormat.fileLength(size);
        byte[] stored;
        Optional<PackEntry> packed = index.find(id);
        if (packed.isPresent()) {
            PackEntry e = packed.get();
            byte[] rec;
            try {
                rec = backend.getBytes(PackWriter.PACK_PREFIX + e.packId(), e.recordOffset(),
                        e.recordOffset() + e.recordLength() - 1);
            } catch (NoSuchFileException missing) {
                return "its pack " + e.packId() + " is not in the store";
            }
            Optional<VolumeRecord> header = VolumeRecord.parse(rec, 0);
            int payload = rec.length - VolumeRecord.HEADER_LENGTH;
            if (header.isEmpty() || !header.get().id().equals(id) || header.get().type() != VolumeRecord.TYPE_BLOB
                    || !header.get().payloadMatches(rec, VolumeRecord.HEADER_LENGTH, payload)) {
                return "its pack record in the store is damaged";
            }
            if (!source.present() && payload != expected) {
                return "its pack record in the store holds " + payload + " bytes, expected " + expected;
            }
            stored = sha256(rec, VolumeRecord.HEADER_LENGTH, payload);
        } else {
            String name = S3BlobEngine.BLOB_PREFIX + id;
            long length;
            try {
                Long l = backend.head(name).contentLength();
                length = l == null ? -1 : l;
            } catch (NoSuchFileException missing) {
                return "not in the store";
            }
            if (!source.present()) {
                if (length != expected) {
                    return "its object in the store is " + length + " bytes, expected " + expected;
                }
                String problem = BlobFormat.headerProblem(backend.getBytes(name, 0, BlobFormat.HEADER_LENGTH - 1), id);
                return problem == null ? null : "its object in the store: " + problem;
            }
            if (length <= 0) {
                return "its object in the store is empty";
            }
            try (InputStream in = backend.get(name, 0, length - 1)) {
                stored = sha256(in);
            }
        }
        if (!source.present()) {
            return null;
        }
        byte[] local;
        if (source.record() != null) {
            local = sha256(source.record(), VolumeRecord.HEADER_LENGTH,
                    source.record().length - VolumeRecord.HEADER_LENGTH);
        } else {
            try (InputStream in = Files.newInputStream(source.file())) {
                local = sha256(in);
            }
        }
        return MessageDigest.isEqual(stored, local) ? null : "the store's copy differs from the local one";
    }

    private static byte[] sha256(byte[] bytes, int offset, int length) {
        MessageDigest md = sha256();
        md.update(bytes, offset, length);
        return md.digest();
    }

    private static byte[] sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] chunk = new byte[64 * 1024];
        for (int n; (n = in.read(chunk)) > 0; ) {
            md.update(chunk, 0, n);
        }
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String await(Future<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while verifying blobs");
        } catch (ExecutionException e) {
            return "could not be verified: " + e.getCause();
        }
    }

    private static String describe(BlobRow row, String problem) {
        String where = row.bucket() + "/" + row.key() + (row.partNumber() == 0 ? "" : " part " + row.partNumber())
                + (row.kind() == BlobKind.UPLOAD_PART ? " of upload " + row.uploadId() : "");
        return "blob " + row.blob().id() + " (" + where + "): " + problem;
    }

    static String describe(S3BlobSettings s3) {
        return s3.endpoint() + " bucket " + s3.bucket() + (s3.prefix().isEmpty() ? "" : " prefix " + s3.prefix());
    }

    private static ExecutorService threads(int n, String name) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, name + count.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        packs.close();
        workers.shutdownNow();
        partUploaders.shutdownNow();
        try {
            workers.awaitTermination(1, TimeUnit.MINUTES);
            partUploaders.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backend.close();
    }
}
