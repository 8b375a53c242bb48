package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobCheck;
import coffer.storage.internal.blob.BackgroundCompaction;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.internal.blob.BlobFormat;
import coffer.storage.internal.blob.CodecBlobEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobEngine} for small objects of known length: each blob is one record ({@link VolumeRecord}) appended to
 * a volume file {@code <dir>/<n>.vol}, whose payload is exactly a blob file ({@link BlobCodec}), so encryption,
 * SSE-C and range reads are those of {@link coffer.storage.internal.blob.LocalBlobEngine}. Writes are made durable by group
 * commit ({@link VolumeWriter}): {@link #write} returns once the batch holding its record was forced.
 *
 * <p>Where a blob lives is kept in memory ({@link VolumeIndex}), rebuilt at {@link #open} by scanning every volume
 * ({@link VolumeRecovery}). A delete appends a tombstone record (group-committed too), so a restart does not bring
 * the blob back, and counts the blob's bytes as dead; {@link #compact} ({@link VolumeCompactor}, also run in the
 * background) rewrites read-only volumes whose dead share passed a threshold.
 *
 * <p>For other code (reconciliation, scrub): {@link #contains}, {@link #forEachBlob} (every live blob id and its
 * location), {@link #verify} (one record's CRCs, no key needed), {@link #scanAll} (every record of every volume)
 * and {@link #stats}. Thread-safe. {@link #close} stops the writers; pending writes then fail.
 */
public final class VolumeBlobEngine extends CodecBlobEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeBlobEngine.class);
    private final VolumeDirectory directory;
    private final VolumeSettings settings;
    private final VolumeIndex index;
    private final List<VolumeScanReport> recovery;
    private final List<VolumeWriter> writers = new ArrayList<>();
    private final AtomicInteger nextWriter = new AtomicInteger();
    private final int leftoversRemoved;
    private final VolumeCompactor compactor;
    private final Object compacting = new Object();
    private final AtomicLong compactions = new AtomicLong();
    private final ScheduledExecutorService background;

    private VolumeBlobEngine(VolumeDirectory directory, BlobCodec codec, VolumeSettings settings, VolumeIndex index,
                             List<VolumeScanReport> recovery, int leftoversRemoved, VolumeCompactor.Steps steps) {
        super(codec);
        this.directory = directory;
        this.settings = settings;
        this.index = index;
        this.recovery = recovery;
        this.leftoversRemoved = leftoversRemoved;
        this.compactor = new VolumeCompactor(directory, index, steps);
        for (int i = 0; i < settings.writers(); i++) {
            writers.add(new VolumeWriter(directory, settings.volumeBytes(), settings.maxBatchBytes(),
                    "coffer-volume-writer-" + i, (record, at) -> index.put(record.id(), at)));
        }
        background = BackgroundCompaction.every(settings.compactInterval(), "coffer-volume-compactor",
                this::compactQuietly);
    }

    /**
     * Opens (creating, durably) the volume directory {@code dir}, removes what unfinished compactions left, recovers
     * every volume in it, starts the writers and the compactor.
     */
    public static VolumeBlobEngine open(Path dir, BlobCodec codec, VolumeSettings settings, VolumeChannels channels)
            throws IOException {
        return open(dir, codec, settings, channels, (step, from, to) -> { });
    }

    /** Like {@link #open(Path, BlobCodec, VolumeSettings, VolumeChannels)}, calling {@code steps} as compaction goes. */
    static VolumeBlobEngine open(Path dir, BlobCodec codec, VolumeSettings settings, VolumeChannels channels,
                                 VolumeCompactor.Steps steps) throws IOException {
        VolumeDirectory directory = new VolumeDirectory(dir, channels);
        int leftovers = directory.removeCompactionLeftovers();
        VolumeIndex index = new VolumeIndex();
        List<VolumeScanReport> recovery = VolumeRecovery.recover(directory, index);
        return new VolumeBlobEngine(directory, Objects.requireNonNull(codec, "codec"),
                Objects.requireNonNull(settings, "settings"), index, recovery, leftovers, steps);
    }

    /**
     * Compacts, one after the other, every read-only volume whose dead share reached the threshold
     * ({@link VolumeSettings#compactDeadShare}); the background compactor calls this every
     * {@link VolumeSettings#compactInterval}. An active volume is sealed first when its dead blob records alone
     * reach the threshold, so deleted small objects are reclaimed even if their volume never fills. Writes, reads and
     * deletes go on meanwhile. Returns what was done.
     */
    public List<VolumeCompaction> compact() throws IOException {
        synchronized (compacting) {
            sealActiveGarbage();
            List<VolumeCompaction> done = new ArrayList<>();
            // Again until none is left: dropping a volume can turn tombstones elsewhere into garbage.
            Set<Integer> tried = new HashSet<>();
            for (boolean more = true; more; ) {
                more = false;
                for (int volume : compactor.candidates(stats(), settings.compactDeadShare())) {
                    if (tried.add(volume)) {
                        compactor.compact(volume).ifPresent(c -> {
                            done.add(c);
                            compactions.incrementAndGet();
                        });
                        more = true;
                    }
                }
            }
            return done;
        }
    }

    /**
     * Seals each active volume whose dead blob records make up at least the threshold share of it, through its
     * writer, between two batches: the next batch starts a new volume and this one becomes a candidate like any
     * sealed one. Only dead blob records count here, not tombstones: compaction must keep a tombstone whose blob
     * still has a record elsewhere, so a volume of tombstones would be sealed and copied again and again without
     * giving space back, while dead records always go. A writer that does not answer in time is asked again at the
     * next pass.
     */
    private void sealActiveGarbage() throws IOException {
        Map<Integer, VolumeIndex.Usage> usage = index.usageByVolume();
        List<CompletableFuture<Boolean>> asked = new ArrayList<>();
        directory.states().forEach((n, state) -> {
            VolumeIndex.Usage u = usage.get(n);
            long all = u == null ? 0 : u.liveBytes() + u.deadBytes();
            if (state == VolumeState.ACTIVE && all > 0 && u.deadRecordBytes() > 0
                    && (double) u.deadRecordBytes() / all >= settings.compactDeadShare()) {
                writers.forEach(w -> asked.add(w.sealIfActive(n)));
            }
        });
        for (CompletableFuture<Boolean> a : asked) {
            try {
                a.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sealing a volume for compaction");
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("a volume writer did not seal its volume for compaction; asked again next time: {}",
                        e.toString());
            }
        }
    }

    private void compactQuietly() {
        try {
            compact();
        } catch (IOException | RuntimeException e) {
            LOG.error("volume compaction failed; it will be tried again: {}", e.toString());
        }
    }

    /** The largest plaintext this engine stores. */
    public int maxObjectBytes() {
        return settings.maxObjectBytes();
    }

    /**
     * Encrypts the blob into a record in memory (at most {@link #maxObjectBytes} plus overhead), hands it to a
     * writer, and waits until its batch is durable. {@code length} must be known and at most
     * {@link #maxObjectBytes}.
     */
    @Override
    public StoredBlob write(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException {
        if (length < 0 || length > settings.maxObjectBytes()) {
            throw new IllegalArgumentException("a volume blob needs a known length of at most "
                    + settings.maxObjectBytes() + " bytes");
        }
        int payloadLength = (int) BlobFormat.fileLength(length);
        byte[] bytes = new byte[VolumeRecord.HEADER_LENGTH + payloadLength];
        ByteBuffer payload = ByteBuffer.wrap(bytes, VolumeRecord.HEADER_LENGTH, payloadLength);
        StoredBlob blob = codec.encode(plaintext, length, partNumber, customerKey, (b, n) -> payload.put(b, 0, n));
        VolumeRecord record = VolumeRecord.blob(blob.id(), bytes, VolumeRecord.HEADER_LENGTH, payloadLength);
        record.encodeInto(bytes, 0);
        // The writer thread indexes the record once it is durable, before the future completes.
        await(nextWriter().append(record, bytes));
        return blob;
    }

    @Override
    public InputStream read(StoredBlob blob, long first, long last, CustomerKey customerKey) throws IOException {
        Located found = open(blob.id());
        VolumeLocation at = found.at();
        if (at.payloadLength() != BlobFormat.fileLength(blob.size())) {
            found.channel().close();
            throw new BlobCorruptedException("blob " + blob.id() + " has the wrong length for its size");
        }
        // A channel per read, like a blob file: positional reads, and it outlives nothing but the stream.
        return codec.open(blob, found.channel(), at.payloadOffset(), first, last, customerKey);
    }

    /**
     * Appends a tombstone and waits until it is durable, then forgets the blob and counts its bytes as dead. A
     * blob not stored here is not an error.
     */
    @Override
    public void delete(BlobId id) throws IOException {
        if (index.get(id).isEmpty()) {
            return;
        }
        VolumeRecord tombstone = VolumeRecord.tombstone(id);
        VolumeLocation at = await(nextWriter().append(tombstone, tombstone.encode()));
        index.addDead(at.volume(), tombstone.recordLength());
        index.remove(id);
    }

    /** Whether a live blob record with this id is stored here. */
    public boolean contains(BlobId id) {
        return index.get(id).isPresent();
    }

    /** Calls {@code action} for every live blob (id and location); weakly consistent with concurrent writes. */
    public void forEachBlob(BiConsumer<BlobId, VolumeLocation> action) {
        index.forEach(action);
    }

    /**
     * Whether blob {@code id}'s record is intact: header and payload CRC32C match and the header names this id.
     * Needs no key. Fails with {@link NoSuchFileException} when the blob is not stored here.
     */
    public boolean verify(BlobId id) throws IOException {
        Located found = open(id);
        try (FileChannel ch = found.channel()) {
            return new VolumeScanner().verify(ch, found.at().offset(), id);
        }
    }

    /**
     * Reports start-up recovery, which {@link #open} already ran (it must, to build the index): the volumes whose
     * torn tail was cut plus the compaction leftovers removed. Doing nothing more makes it safe to call again.
     */
    @Override
    public int recover() {
        return (int) recovery.stream().filter(r -> r.result().tornBytes() > 0).count() + leftoversRemoved;
    }

    /**
     * Every live blob. Its time is its volume file's modification time read after the blob was seen in the
     * index, so never earlier than its record's append; a sealed volume's time is final and read once per walk.
     */
    @Override
    public Stream<BlobEntry> list() {
        List<BlobEntry> entries = new ArrayList<>();
        Map<Integer, Instant> sealedTimes = new ConcurrentHashMap<>();
        index.forEach((id, at) -> {
            Instant time = lastWritten(at.volume(), sealedTimes);
            if (time != null) {
                entries.add(new BlobEntry(id, time, at.recordLength()));
            }
        });
        return entries.stream();
    }

    private Instant lastWritten(int volume, Map<Integer, Instant> sealedTimes) {
        Instant known = sealedTimes.get(volume);
        if (known != null) {
            return known;
        }
        // The state first: once sealed, no append follows, so the time read next is final.
        boolean sealed = directory.state(volume) != VolumeState.ACTIVE;
        try {
            Instant time = Files.getLastModifiedTime(directory.path(volume)).toInstant();
            if (sealed) {
                sealedTimes.put(volume, time);
            }
            return time;
        } catch (IOException e) {
            return null; // compacted away while we walked: its blobs moved to a newer volume
        }
    }

    @Override
    public boolean exists(BlobId id) {
        return contains(id);
    }

    /** The record's length against {@code size}, both CRCs and the id in its header; no key needed. */
    @Override
    public BlobCheck checkStored(BlobId id, long size) throws IOException {
        Located found;
        try {
            found = open(id);
        } catch (NoSuchFileException e) {
            return BlobCheck.missing(index.get(id).isPresent() ? "volume file is missing" : "not in any volume");
        }
        try (FileChannel ch = found.channel()) {
            long expected = BlobFormat.fileLength(size);
            if (found.at().payloadLength() != expected) {
                return BlobCheck.damaged("volume record holds " + found.at().payloadLength() + " bytes, expected "
                        + expected);
            }
            return new VolumeScanner().verify(ch, found.at().offset(), id) ? BlobCheck.OK
                    : BlobCheck.damaged("volume record " + found.at().volume() + "@" + found.at().offset()
                    + " fails its checksum");
        }
    }

    /**
     * Blob {@code id}'s whole record (header and payload, exactly as stored: a pack record of the S3 store), after
     * checking both CRCs and the id in its header; empty when no volume holds the blob. No key is needed and no
     * plaintext is produced. Fails with {@link BlobCorruptedException} when the record does not check out.
     */
    public Optional<byte[]> storedRecord(BlobId id) throws IOException {
        if (!contains(id)) {
            return Optional.empty();
        }
        Located found = open(id);
        try (FileChannel ch = found.channel()) {
            byte[] record = new byte[Math.toIntExact(found.at().recordLength())];
            ByteBuffer into = ByteBuffer.wrap(record);
            while (into.hasRemaining()) {
                if (ch.read(into, found.at().offset() + into.position()) < 0) {
                    throw new BlobCorruptedException("blob " + id + ": its volume record is cut short");
                }
            }
            Optional<VolumeRecord> header = VolumeRecord.parse(record, 0);
            if (header.isEmpty() || !header.get().id().equals(id) || header.get().type() != VolumeRecord.TYPE_BLOB
                    || !header.get().payloadMatches(record, VolumeRecord.HEADER_LENGTH,
                    record.length - VolumeRecord.HEADER_LENGTH)) {
                throw new BlobCorruptedException("blob " + id + ": its volume record fails its checks");
            }
            return Optional.of(record);
        }
    }

    /** Scans every volume (no key needed, nothing changed) and reports what it found, in volume order. */
    public List<VolumeScanReport> scanAll() throws IOException {
        List<VolumeScanReport> reports = new ArrayList<>();
        VolumeScanner scanner = new VolumeScanner();
        for (int number : directory.existing()) {
            try (FileChannel ch = FileChannel.open(directory.path(number), StandardOpenOption.READ)) {
                reports.add(new VolumeScanReport(number, scanner.scan(ch, (r, o, intact) -> { })));
            }
        }
        return reports;
    }

    /** What start-up recovery found in each volume that existed then. */
    public List<VolumeScanReport> recoveryReport() {
        return recovery;
    }

    /** Per volume: state, live and dead bytes; in volume order. */
    public List<VolumeStats> stats() {
        Map<Integer, VolumeStats> stats = new TreeMap<>();
        Map<Integer, VolumeIndex.Usage> usage = index.usageByVolume();
        // Only volumes that exist: a delete racing with compaction may count bytes of a volume just dropped.
        directory.states().forEach((n, state) -> {
            VolumeIndex.Usage u = usage.get(n);
            stats.put(n, u == null ? new VolumeStats(n, state, 0, 0, 0)
                    : new VolumeStats(n, state, u.liveRecords(), u.liveBytes(), u.deadBytes()));
        });
        return List.copyOf(stats.values());
    }

    /** Volumes compacted since this engine was opened (background and {@link #compact} alike). */
    public long compactions() {
        return compactions.get();
    }

    /** {@code force} calls made by the writers so far: one per durable batch. */
    public long forces() {
        return writers.stream().mapToLong(VolumeWriter::forces).sum();
    }

    /** Batches appended and forced so far. */
    public long batches() {
        return writers.stream().mapToLong(VolumeWriter::batches).sum();
    }

    /** Records waiting for a writer thread (tests). */
    int queued() {
        return writers.stream().mapToInt(VolumeWriter::queued).sum();
    }

    @Override
    public void close() {
        if (background != null) {
            background.shutdownNow();
            try {
                // A compaction in progress finishes (or fails on the interrupt); either way the files stay sound.
                background.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.forEach(VolumeWriter::close);
    }

    private VolumeLocation locate(BlobId id) throws NoSuchFileException {
        return index.get(id).orElseThrow(() -> new NoSuchFileException("blob " + id + " is not in any volume"));
    }

    /** A blob's location and an open channel on its volume. */
    private record Located(VolumeLocation at, FileChannel channel) {
    }

    /**
     * Opens the volume holding blob {@code id}. Compaction deletes a volume only after moving its blobs in the
     * index, and an open channel keeps reading an unlinked file, so a vanished file means the blob moved between
     * the lookup and the open: look again, until the location stops changing.
     */
    private Located open(BlobId id) throws IOException {
        VolumeLocation at = locate(id);
        while (true) {
            try {
                return new Located(at, FileChannel.open(directory.path(at.volume()), StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                VolumeLocation now = locate(id);
                if (now.equals(at)) {
                    throw e;
                }
                at = now;
            }
        }
    }

    private VolumeWriter nextWriter() {
        return writers.get(Math.floorMod(nextWriter.getAndIncrement(), writers.size()));
    }

    private static VolumeLocation await(CompletableFuture<VolumeLocation> done) throws IOException {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the volume write to be durable");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                // A new exception per caller: the cause is shared by every write of the failed batch.
                throw new IOException(io.getMessage(), io);
            }
            throw new IOException("volume write failed", e.getCause());
        }
    }

    @Override
    public String toString() {
        return "VolumeBlobEngine[" + directory.path(0).getParent() + "]";
    }
}
