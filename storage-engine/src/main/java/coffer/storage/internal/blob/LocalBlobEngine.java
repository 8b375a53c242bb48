package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobEngine} on a local file system: one encrypted file per blob at {@code <blobDir>/xx/yy/<blob id>},
 * where {@code xx} and {@code yy} are the first two pairs of hex characters of the id. The file format is
 * {@link BlobFormat}; {@code docs/storage-format.md} describes it.
 *
 * <p>A write goes to {@code <blob id>.tmp} in the final directory, is forced, renamed into place, and the directory
 * is forced; a {@code .tmp} file found later is the leftover of a crash and may be removed. Thread-safe: the only
 * shared mutable state is the set of directories already known to be durable.
 *
 * <p>Faults: a write that would leave less than the {@link FreeSpaceReserve} free, or that meets ENOSPC, fails
 * with {@link InsufficientStorageException}; a failed {@code force} fails its write, is logged, and is never
 * retried (after a failed fsync the page cache may no longer hold what was written). Either way the partial file is
 * removed.
 *
 * <p>Writes of more than one segment overlap reading and MD5 (on the caller's thread) with sealing and writing (on
 * a small executor the engine owns, {@link SegmentPipeline}). {@link #close} stops that executor: afterwards such
 * writes fail; its threads also end by themselves when idle, so an engine that is never closed leaks nothing.
 */
public final class LocalBlobEngine extends CodecBlobEngine implements AutoCloseable {
    static final String TEMP_SUFFIX = ".tmp";
    private static final Logger LOG = LoggerFactory.getLogger(LocalBlobEngine.class);

    /** Opens a new blob file for writing; a seam so tests can make the disk fail. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel create(Path file) throws IOException;
    }

    private final Path root;
    private final MasterKeyring keys;
    private final FreeSpaceReserve reserve;
    private final ChannelOpener opener;
    private final LocalBlobFiles files;
    /** Seal and write the segments of large writes ({@link SegmentPipeline}); shared by all writes. */
    private final ExecutorService sealers = SegmentPipeline.newSealers("coffer-blob-sealer");
    /** Fan-out directories whose entry in their parent is known to be on stable storage. */
    private final Set<Path> durableDirectories = ConcurrentHashMap.newKeySet();

    /** Uses (and creates, durably) {@code blobDir}, typically {@code <data dir>/blobs}. */
    public LocalBlobEngine(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException {
        this(blobDir, keys, random, FreeSpaceReserve.NONE);
    }

    /** As above, refusing writes that would leave less than {@code reserveBytes} free on the blob file system. */
    public LocalBlobEngine(Path blobDir, MasterKeyring keys, SecureRandom random, long reserveBytes)
            throws IOException {
        this(blobDir, keys, random, reserveBytes,
                file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    LocalBlobEngine(Path blobDir, MasterKeyring keys, SecureRandom random, long reserveBytes, ChannelOpener opener)
            throws IOException {
        super(new BlobCodec(keys, random));
        this.root = blobDir.toAbsolutePath();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.opener = Objects.requireNonNull(opener, "opener");
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            if (root.getParent() != null) {
                forceDirectory(root.getParent());
            }
        }
        this.reserve = new FreeSpaceReserve(root, reserveBytes);
        this.files = new LocalBlobFiles(root);
    }

    /**
     * Writes a blob, recording {@code partNumber} (1..10000 for a multipart upload part, 0 for a whole object) in
     * the blob header; {@code length} may be {@link #UNKNOWN_LENGTH}. With a {@code customerKey} the blob uses
     * algorithm 2 (SSE-C) and can be read only with the same key.
     */
    @Override
    public StoredBlob write(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (length < 0 && length != UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length must not be negative");
        }
        reserve.check(length == UNKNOWN_LENGTH ? 0 : BlobFormat.fileLength(length));
        try (FreshBlob fresh = codec.fresh(partNumber, customerKey)) {
            BlobId id = fresh.id();
            Path dir = directoryFor(id);
            Path temp = dir.resolve(id.value() + TEMP_SUFFIX);
            Path target = dir.resolve(id.value());
            try {
                SegmentPipeline.Result written;
                try (FileChannel ch = opener.create(temp)) {
                    written = new SegmentPipeline(sealers, ch, fresh.header(), fresh.blobKey())
                            .write(plaintext, length);
                    force(ch, id);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                forceDirectory(dir);
                return fresh.stored(keys, written.size(), written.md5());
            } catch (Throwable t) {
                // Leave nothing behind: the caller never learns this id, so nothing could ever free it.
                deleteQuietly(temp, t);
                deleteQuietly(target, t);
                throw t;
            }
        }
    }

    /** A failed fsync fails the write for good: retrying could report success for data the kernel dropped. */
    private static void force(FileChannel ch, BlobId id) throws IOException {
        try {
            ch.force(true);
        } catch (IOException e) {
            LOG.error("forcing blob {} to disk failed; the write fails and is not retried: {}", id, e.toString());
            throw FreeSpaceReserve.translate(e);
        }
    }

    @Override
    public InputStream read(StoredBlob blob, long first, long last, CustomerKey customerKey) throws IOException {
        checkRange(blob.size(), first, last);
        FileChannel ch = FileChannel.open(pathOf(blob.id()), StandardOpenOption.READ);
        try {
            if (ch.size() != BlobFormat.fileLength(blob.size())) {
                throw new BlobCorruptedException("blob " + blob.id() + " has the wrong length for its size");
            }
        } catch (Throwable t) {
            ch.close();
            throw t;
        }
        // The key checks, the header and the segments are the codec's, shared with the volume engine.
        return codec.open(blob, ch, 0, first, last, customerKey);
    }

    @Override
    public void delete(BlobId id) throws IOException {
        Files.deleteIfExists(pathOf(id));
    }

    /** Removes the {@code .tmp} files of writes a crash interrupted; call before the first write. */
    @Override
    public int recover() throws IOException {
        return files.removeTemporaryFiles();
    }

    @Override
    public Stream<BlobEntry> list() throws IOException {
        return files.list();
    }

    @Override
    public boolean exists(BlobId id) {
        return Files.isRegularFile(pathOf(id));
    }

    @Override
    public BlobCheck checkStored(BlobId id, long size) throws IOException {
        return files.check(pathOf(id), id, size);
    }

    /**
     * The file of blob {@code id} (which may not exist): its stored, encrypted bytes, for copying them elsewhere
     * unchanged (the migration to an S3 store). Reading it needs no key and gives no plaintext.
     */
    public Path storedFile(BlobId id) {
        return pathOf(id);
    }

    /** Where blob {@code id} lives. */
    Path pathOf(BlobId id) {
        String v = id.value();
        return root.resolve(v.substring(0, 2)).resolve(v.substring(2, 4)).resolve(v);
    }

    private static void checkRange(long size, long first, long last) {
        boolean emptyBlob = size == 0 && first == 0 && last == -1;
        if (!emptyBlob && (first < 0 || first > last || last >= size)) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is outside 0-" + (size - 1));
        }
    }

    private Path directoryFor(BlobId id) throws IOException {
        Path dir = pathOf(id).getParent();
        ensureDurableDirectory(dir.getParent());
        ensureDurableDirectory(dir);
        return dir;
    }

    private void ensureDurableDirectory(Path dir) throws IOException {
        if (durableDirectories.contains(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // Made by a concurrent writer or an earlier run; forcing the parent again below is harmless.
        }
        forceDirectory(dir.getParent());
        durableDirectories.add(dir);
    }

    /** Java documents no directory fsync; forcing a channel opened for reading works on Linux. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteQuietly(Path file, Throwable failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Stops the sealing threads once the writes in progress are done; later multi-segment writes fail. */
    @Override
    public void close() {
        sealers.shutdown();
        try {
            sealers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalBlobEngine[" + root + "]";
    }
}
