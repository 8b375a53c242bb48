package coffer.it.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The gateway's blob files as the disk shows them: snapshots to find which file an upload created, and a byte
 * flipper to damage one. Knows nothing of the format beyond where blobs live: a file of its own, or the last
 * record appended to a volume file ({@code *.vol}, docs/storage-format.md section 3). Stateless.
 */
public final class BlobFiles {
    private BlobFiles() {
    }

    /** What identifies a version of a file in a snapshot. */
    public record State(long size, FileTime modified) {
    }

    /** Every finished blob file under {@code blobDir} (temporary {@code .tmp} files excluded). */
    public static Map<Path, State> snapshot(Path blobDir) throws IOException {
        Map<Path, State> files = new TreeMap<>();
        if (!Files.isDirectory(blobDir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(blobDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile() && !p.getFileName().toString().endsWith(".tmp")) {
                    files.put(p, new State(a.size(), a.lastModifiedTime()));
                }
            }
        }
        return files;
    }

    /** The one file that is new or changed between two snapshots; fails if there is not exactly one. */
    public static Path theOneWritten(Map<Path, State> before, Map<Path, State> after) {
        var written = after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey)
                .toList();
        if (written.size() != 1) {
            throw new AssertionError("expected one blob file written by the upload, found " + written);
        }
        return written.get(0);
    }

    /** Where one blob's bytes (exactly the blob file format) are: {@code length} bytes from {@code start} of {@code file}. */
    public record Blob(Path file, long start, long length) {
        /** The byte {@code offset} bytes into the blob. */
        public long at(long offset) {
            return start + offset;
        }
    }

    /**
     * The blob just written, of {@code blobLength} bytes: a new file, or the record appended last to a volume
     * (whose payload ends the file).
     */
    public static Blob theOneWrittenBlob(Map<Path, State> before, Map<Path, State> after, long blobLength)
            throws IOException {
        Path file = theOneWritten(before, after);
        long size = Files.size(file);
        return file.getFileName().toString().endsWith(".vol") ? new Blob(file, size - blobLength, blobLength)
                : new Blob(file, 0, size);
    }

    /** Total size of the files in a snapshot. */
    public static long totalBytes(Map<Path, State> files) {
        return files.values().stream().mapToLong(State::size).sum();
    }

    /** Inverts every bit of the byte at {@code offset}, in place. */
    public static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (offset < 0 || offset >= ch.size()) {
                throw new IllegalArgumentException("offset " + offset + " outside " + file + " of " + ch.size());
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            ch.write(one, offset);
            ch.force(true);
        }
    }
}
