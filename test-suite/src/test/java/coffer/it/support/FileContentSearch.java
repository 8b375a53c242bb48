package coffer.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for byte patterns in every regular file under a directory, streaming each file through a fixed buffer
 * (a pattern that straddles two reads is still found), so that multi-gigabyte database files cost no heap.
 * Files that vanish during the walk (temporary files of a running server) are skipped. Stateless.
 */
public final class FileContentSearch {
    /** Bytes read at a time (plus the overlap kept from the previous read). */
    public static final int CHUNK = 1 << 20;

    private FileContentSearch() {
    }

    /** One pattern found in one file. */
    public record Hit(Path file, String pattern) {
    }

    /** What a walk saw and found. */
    public record Result(int files, long bytes, List<Hit> hits) {
    }

    /** Searches every regular file under {@code root} for each named pattern. */
    public static Result search(Path root, Map<String, byte[]> patterns) throws IOException {
        List<Hit> hits = new ArrayList<>();
        long[] totals = new long[2];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    try {
                        for (String name : patternsIn(file, patterns)) {
                            hits.add(new Hit(file, name));
                        }
                        totals[0]++;
                        totals[1] += attrs.size();
                    } catch (NoSuchFileException gone) {
                        // a temporary file that its server removed while we walked
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return new Result((int) totals[0], totals[1], hits);
    }

    /** The names of the patterns that occur in {@code file}. */
    public static List<String> patternsIn(Path file, Map<String, byte[]> patterns) throws IOException {
        int overlap = patterns.values().stream().mapToInt(p -> p.length).max().orElse(1) - 1;
        Map<String, byte[]> missing = new LinkedHashMap<>(patterns);
        List<String> found = new ArrayList<>();
        byte[] buf = new byte[overlap + CHUNK];
        int kept = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (!missing.isEmpty()) {
                int read = in.readNBytes(buf, kept, buf.length - kept);
                int filled = kept + read;
                missing.entrySet().removeIf(p -> {
                    if (indexOf(buf, filled, p.getValue()) >= 0) {
                        found.add(p.getKey());
                        return true;
                    }
                    return false;
                });
                if (read < buf.length - kept) {
                    break; // end of file
                }
                // keep the tail: a pattern may start in it and end in the next read
                kept = Math.min(overlap, filled);
                System.arraycopy(buf, filled - kept, buf, 0, kept);
            }
        }
        return found;
    }

    private static int indexOf(byte[] buf, int length, byte[] pattern) {
        byte first = pattern[0];
        int last = length - pattern.length;
        for (int i = 0; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            int j = 1;
            while (j < pattern.length && buf[i + j] == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }
}
