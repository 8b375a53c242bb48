package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The walks and keyless checks over {@link LocalBlobEngine}'s directory tree ({@code <root>/xx/yy/<blob id>}):
 * removing {@code .tmp} leftovers at start, listing finished blobs with their modification time, and checking one
 * blob's presence, length and header without its key. The volume engine's {@code volumes/} directory is skipped.
 * Stateless apart from the root; thread-safe.
 */
final class LocalBlobFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBlobFiles.class);
    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{32}");

    /** The volume engine's directory under the same root (docs/storage-format.md section 3): not ours to walk. */
    static final String VOLUMES_DIR = "volumes";

    private final Path root;
    private final Path volumes;

    LocalBlobFiles(Path root) {
        this.root = Objects.requireNonNull(root, "root");
        this.volumes = root.resolve(VOLUMES_DIR);
    }

    /** False for the volume engine's files (volumes, its temporary files), which this class must never touch. */
    private boolean ours(Path p) {
        return !p.startsWith(volumes);
    }

    /**
     * Deletes every {@code <id>.tmp}. Only safe before the engine takes writes: a {@code .tmp} file is a write in
     * progress, and after a crash a write that was never acknowledged.
     */
    int removeTemporaryFiles() throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> a.isRegularFile() && ours(p)
                && p.getFileName().toString().endsWith(LocalBlobEngine.TEMP_SUFFIX))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (removed > 0) {
            LOG.info("removed {} temporary blob files left by writes that never completed", removed);
        }
        return removed;
    }

    /**
     * Every finished blob file. A file's modification time is that of its last data write (the rename into place
     * keeps it), and {@code .tmp} files are never listed: together that is what {@link BlobEngine#list} promises.
     */
    Stream<BlobEntry> list() throws IOException {
        return Files.walk(root, 3)
                .filter(this::ours)
                .filter(p -> BLOB_NAME.matcher(p.getFileName().toString()).matches())
                .map(this::entry)
                .filter(Objects::nonNull);
    }

    private BlobEntry entry(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? new BlobEntry(new BlobId(p.getFileName().toString()),
                    a.lastModifiedTime().toInstant(), a.size()) : null;
        } catch (NoSuchFileException e) {
            return null; // freed while we walked
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Presence, exact length for {@code size} plaintext bytes, magic, format version and the id in the header. */
    BlobCheck check(Path file, BlobId id, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long expected = BlobFormat.fileLength(size);
            if (ch.size() != expected) {
                return BlobCheck.damaged("file is " + ch.size() + " bytes, expected " + expected);
            }
            ByteBuffer head = ByteBuffer.allocate(BlobFormat.OFFSET_BLOB_ID + 16);
            while (head.hasRemaining() && ch.read(head, head.position()) >= 0) {
                // read until full; the length check above guarantees the bytes are there
            }
            byte[] bytes = head.array();
            int magic = BlobFormat.MAGIC.length;
            if (!Arrays.equals(bytes, 0, magic, BlobFormat.MAGIC, 0, magic)
                    || bytes[BlobFormat.OFFSET_VERSION] != BlobFormat.FORMAT_VERSION) {
                return BlobCheck.damaged("bad magic or format version in the header");
            }
            int at = BlobFormat.OFFSET_BLOB_ID;
            if (!Arrays.equals(bytes, at, at + 16, id.toBytes(), 0, 16)) {
                return BlobCheck.damaged("the header names another blob");
            }
            return BlobCheck.OK;
        } catch (NoSuchFileException e) {
            return BlobCheck.missing("blob file is missing");
        }
    }
}
