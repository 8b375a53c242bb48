package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobCheck;
import coffer.storage.internal.blob.BackgroundCompaction;
import coffer.storage.internal.blob.BlobCodec;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEntry;
import coffer.storage.internal.blob.BlobFormat;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BlobStoreUnavailableException;
import coffer.storage.internal.blob.CodecBlobEngine;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.S3BlobSettings;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import coffer.storage.internal.blob.volume.VolumeRecord;
import coffer.storage.internal.catalog.Transactions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link coffer.storage.blob.BlobEngine} on an S3-compatible object store (docs/storage-format.md section 4). Blobs
 * are in exactly the encrypted format of local blob files ({@link BlobCodec}): the store only ever holds
 * ciphertext, and no key material (wrapped data keys stay in the catalog).
 *
 * <ul>
 *   <li>Whole objects of known length up to {@link S3BlobSettings#packMaxObjectBytes} are encrypted in memory into a
 *   volume record and handed to {@link PackWriter}: concurrent ones share one pack object and one catalog
 *   transaction of the pack index ({@link PackIndex}); {@link #write} returns once both are acknowledged.</li>
 *   <li>Everything else (large objects, multipart parts, unknown lengths) is one object {@code blobs/<blob id>},
 *   streamed as a multipart upload with parallel parts from a fixed set of part buffers ({@link LargeBlobUpload}),
 *   or one PUT when it fits one buffer.</li>
 *   <li>Reads: a packed blob's record with one ranged GET; a large blob's header and needed segments with ranged
 *   GETs ({@link RangedSource}).</li>
 *   <li>Deletes: a packed blob leaves the index and counts as dead in its pack; {@link #compact} rewrites packs
 *   that are mostly dead and deletes empty ones ({@link PackCompactor}); a large blob's object is deleted.</li>
 * </ul>
 *
 * A backend outage that outlasts the client's bounded retries fails the call with
 * {@link BlobStoreUnavailableException} (503 to clients); nothing is acknowledged that the store does not have.
 * Thread-safe; {@link #close} stops the writers and the compactor.
 */
public final class S3BlobEngine extends CodecBlobEngine implements AutoCloseable {
    static final String BLOB_PREFIX = "blobs/";
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobEngine.class);
    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{32}");
    private static final int PACK_UPLOADERS = 4;

    private final S3BlobSettings settings;
    private final S3Backend backend;
    private final PackIndex index;
    private final PackWriter packs;
    private final PackCompactor compactor;
    private final PartBuffers buffers;
    private final ExecutorService partUploaders;
    private final ScheduledExecutorService background;
    /** Whether background compaction may run now: on one gateway at a time, the holder of the maintenance lease. */
    private volatile BooleanSupplier backgroundAllowed = () -> true;

    private S3BlobEngine(S3BlobSettings settings, MasterKeyring keys, SecureRandom random, DataSource db,
                         Clock clock) {
        super(new BlobCodec(keys, random));
        this.settings = settings;
        this.backend = new S3Backend(settings);
        this.index = new PackIndex(new Transactions(db));
        this.packs = new PackWriter(backend, index, clock, random, settings.packMaxBytes(), PACK_UPLOADERS);
        this.compactor = new PackCompactor(backend, index, packs, clock, settings.compactDeadShare());
        this.buffers = new PartBuffers(settings.uploadBuffers(), settings.partBytes());
        AtomicInteger n = new AtomicInteger();
        this.partUploaders = Executors.newFixedThreadPool(settings.uploadBuffers(), r -> {
            Thread t = new Thread(r, "coffer-s3-part-uploader-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        background = BackgroundCompaction.every(settings.compactInterval(), "coffer-s3-pack-compactor",
                this::compactQuietly);
    }

    /**
     * An engine on the store {@code settings} names, indexing packs in the catalog {@code db} (whose schema the
     * store migrates before the first write). Makes no request yet: an unreachable store shows in
     * {@link #reachable} and fails writes with 503s, it does not stop the gateway from starting.
     */
    public static S3BlobEngine open(S3BlobSettings settings, MasterKeyring keys, SecureRandom random, DataSource db,
                                    Clock clock) {
        return new S3BlobEngine(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(random, "random"), Objects.requireNonNull(db, "db"),
                Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public StoredBlob write(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (length < 0 && length != UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length must not be negative");
        }
        if (partNumber == 0 && length >= 0 && length <= settings.packMaxObjectBytes()) {
            return writePacked(plaintext, length, customerKey);
        }
        return writeLarge(plaintext, length, partNumber, customerKey);
    }

    private StoredBlob writePacked(InputStream plaintext, long length, CustomerKey customerKey) throws IOException {
        int payloadLength = (int) BlobFormat.fileLength(length);
        byte[] record = new byte[VolumeRecord.HEADER_LENGTH + payloadLength];
        int[] at = {VolumeRecord.HEADER_LENGTH};
        StoredBlob blob = codec.encode(plaintext, length, 0, customerKey, (b, n) -> {
            System.arraycopy(b, 0, record, at[0], n);
            at[0] += n;
        });
        VolumeRecord.blob(blob.id(), record, VolumeRecord.HEADER_LENGTH, payloadLength).encodeInto(record, 0);
        await(packs.append(blob.id(), record));
        return blob;
    }

    private StoredBlob writeLarge(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException {
        LargeBlobUpload[] upload = new LargeBlobUpload[1];
        try {
            StoredBlob blob = codec.encode(plaintext, length, partNumber, customerKey, id -> upload[0] =
                    new LargeBlobUpload(backend, BLOB_PREFIX + id, buffers, partUploaders, settings.partsInFlight()));
            upload[0].finish();
            return blob;
        } catch (Throwable t) {
            if (upload[0] != null) {
                upload[0].abort(t); // the caller never learns this id: leave nothing behind
            }
            throw t;
        }
    }

    @Override
    public InputStream read(StoredBlob blob, long first, long last, CustomerKey customerKey) throws IOException {
        checkRange(blob.size(), first, last);
        codec.checkCustomerKey(blob, customerKey);
        Optional<PackEntry> packed = index.find(blob.id());
        if (packed.isPresent()) {
            byte[] payload = packedPayload(blob.id(), packed.get(), blob.size());
            return codec.open(blob, new BytesSource(payload), 0, first, last, customerKey);
        }
        long segmentFirst = first >>> BlobFormat.SEGMENT_SHIFT;
        long segmentLast = blob.size() == 0 ? 0 : last >>> BlobFormat.SEGMENT_SHIFT;
        long windowEnd = BlobFormat.segmentOffset(segmentLast) + BlobFormat.plaintextLength(segmentLast, blob.size())
                + BlobFormat.TAG_LENGTH;
        RangedSource source = new RangedSource(backend, BLOB_PREFIX + blob.id(), blob.id(),
                BlobFormat.fileLength(blob.size()), BlobFormat.HEADER_LENGTH, BlobFormat.segmentOffset(segmentFirst),
                windowEnd);
        return codec.open(blob, source, 0, first, last, customerKey);
    }

    /**
     * A packed blob's payload (its blob bytes), after checking the record's header names it and has the length
     * its size needs. A pack compaction deleted meanwhile is followed to the blob's new place.
     */
    private byte[] packedPayload(BlobId id, PackEntry entry, long size) throws IOException {
        byte[] record;
        while (true) {
            try {
                record = backend.getBytes(PackWriter.PACK_PREFIX + entry.packId(), entry.recordOffset(),
                        entry.recordOffset() + entry.recordLength() - 1);
                break;
            } catch (NoSuchFileException e) {
                Optional<PackEntry> now = index.find(id);
                if (now.isEmpty() || now.get().equals(entry)) {
                    throw e;
                }
                entry = now.get();
            }
        }
        Optional<VolumeRecord> header = VolumeRecord.parse(record, 0);
        if (header.isEmpty() || !header.get().id().equals(id) || header.get().type() != VolumeRecord.TYPE_BLOB
                || header.get().payloadLength() != BlobFormat.fileLength(size)
                || header.get().payloadLength() != record.length - VolumeRecord.HEADER_LENGTH) {
            throw new BlobCorruptedException("blob " + id + ": its pack record is damaged or has the wrong length");
        }
        byte[] payload = new byte[header.get().payloadLength()];
        System.arraycopy(record, VolumeRecord.HEADER_LENGTH, payload, 0, payload.length);
        return payload;
    }

    /** A packed blob leaves the index (its bytes are dead until compaction); a large blob's object is deleted. */
    @Override
    public void delete(BlobId id) throws IOException {
        if (!index.remove(id)) {
            backend.delete(BLOB_PREFIX + id);
        }
    }

    /** Nothing is local: a write that never returned left at most an unreferenced object, which the sweeps free. */
    @Override
    public int recover() {
        return 0;
    }

    /**
     * Packed blobs (time: when their pack was acknowledged), then blob objects (time: the store's last-modified).
     * Lazy: pages of the index, pages of the listing.
     */
    @Override
    public Stream<BlobEntry> list() throws IOException {
        Stream<BlobEntry> packed = PackIndexPages.stream(index)
                .map(l -> new BlobEntry(l.id(), l.packCreated(), l.recordLength()));
        Stream<BlobEntry> objects = backend.list(BLOB_PREFIX)
                .filter(o -> BLOB_NAME.matcher(backend.nameOf(o).substring(BLOB_PREFIX.length())).matches())
                .map(o -> new BlobEntry(new BlobId(backend.nameOf(o).substring(BLOB_PREFIX.length())),
                        o.lastModified(), o.size()));
        return Stream.concat(packed, objects);
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        if (index.find(id).isPresent()) {
            return true;
        }
        try {
            backend.head(BLOB_PREFIX + id);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Without the key: the stored length, the header's magic, version and id; for a packed blob its record CRCs. */
    @Override
    public BlobCheck checkStored(BlobId id, long size) throws IOException {
        long expected = BlobFormat.fileLength(size);
        Optional<PackEntry> packed = index.find(id);
        if (packed.isPresent()) {
            PackEntry e = packed.get();
            byte[] record;
            try {
                record = backend.getBytes(PackWriter.PACK_PREFIX + e.packId(), e.recordOffset(),
                        e.recordOffset() + e.recordLength() - 1);
            } catch (NoSuchFileException missing) {
                return BlobCheck.missing("pack object " + e.packId() + " is missing");
            }
            Optional<VolumeRecord> header = VolumeRecord.parse(record, 0);
            if (header.isEmpty() || !header.get().id().equals(id)) {
                return BlobCheck.damaged("pack record of blob " + id + " has a bad header");
            }
            if (header.get().payloadLength() != expected) {
                return BlobCheck.damaged("pack record holds " + header.get().payloadLength() + " bytes, expected "
                        + expected);
            }
            return header.get().payloadMatches(record, VolumeRecord.HEADER_LENGTH, record.length
                    - VolumeRecord.HEADER_LENGTH) ? BlobCheck.OK : BlobCheck.damaged("pack record of blob " + id
                    + " fails its checksum");
        }
        String name = BLOB_PREFIX + id;
        HeadObjectResponse head;
        try {
            head = backend.head(name);
        } catch (NoSuchFileException missing) {
            return BlobCheck.missing("blob object is missing");
        }
        if (head.contentLength() == null || head.contentLength() != expected) {
            return BlobCheck.damaged("object is " + head.contentLength() + " bytes, expected " + expected);
        }
        String problem = BlobFormat.headerProblem(backend.getBytes(name, 0, BlobFormat.HEADER_LENGTH - 1), id);
        return problem == null ? BlobCheck.OK : BlobCheck.damaged(problem);
    }

    /** Rewrites packs that are mostly dead and deletes empty ones; returns how many packs it rewrote or deleted. */
    public int compact() throws IOException {
        return compactor.compact();
    }

    /**
     * Background compaction runs only while {@code allowed} says so (the gateway's maintenance lease: one gateway of
     * a cluster at a time); {@link #compact} called directly is not affected.
     */
    public void runBackgroundOnlyWhile(BooleanSupplier allowed) {
        this.backgroundAllowed = Objects.requireNonNull(allowed, "allowed");
    }

    private void compactQuietly() {
        if (!backgroundAllowed.getAsBoolean()) {
            return;
        }
        try {
            compact();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pack compaction failed; it will be tried again: {}", e.toString());
        }
    }

    /** Whether the store answers now (one HEAD of the bucket, short timeout), for readiness. */
    public boolean reachable() {
        return backend.reachable();
    }

    /** The store's catalog marker (checked at every start, {@link BlobStoreRecord#checkStart}). */
    public StoreMarker marker() {
        return new StoreMarker(backend);
    }

    /** Bytes this engine asked the store for with ranged GETs (reads, checks, compaction). */
    long rangedBytesRequested() {
        return backend.rangedBytes();
    }

    /** Pack objects written since this engine was opened (each one PUT and one catalog transaction). */
    public long packsWritten() {
        return packs.packs();
    }

    @Override
    public void close() {
        if (background != null) {
            background.shutdownNow();
            try {
                background.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        packs.close();
        partUploaders.shutdown();
        try {
            partUploaders.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backend.close();
    }

    private static void checkRange(long size, long first, long last) {
        boolean emptyBlob = size == 0 && first == 0 && last == -1;
        if (!emptyBlob && (first < 0 || first > last || last >= size)) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is outside 0-" + (size - 1));
        }
    }

    private static PackEntry await(CompletableFuture<PackEntry> done) throws IOException {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the pack upload");
        } catch (ExecutionException e) {
            // A new exception per caller: the cause is shared by every write of the failed batch.
            if (e.getCause() instanceof RuntimeException r && !(r instanceof IllegalStateException)) {
                throw r;
            }
            throw LargeBlobUpload.rethrown(e.getCause());
        }
    }

    @Override
    public String toString() {
        return "S3BlobEngine[" + backend + "]";
    }
}
