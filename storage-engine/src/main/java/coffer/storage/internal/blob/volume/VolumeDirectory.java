package coffer.storage.internal.blob.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory of volume files {@code <n>.vol} ({@code n} = 1, 2, ... in decimal, never reused) and the state of
 * each volume. New volumes are created with their directory entry forced before any record is appended; compaction
 * writes {@code <n>.vol.compact} and renames it to {@code <n>.vol}.
 * Thread-safe.
 */
final class VolumeDirectory {
    /** A newly created volume and the channel its records are appended through. */
    record Created(int number, FileChannel channel) {
    }

    static final String COMPACTION_SUFFIX = ".vol.compact";
    private static final Pattern NAME = Pattern.compile("([1-9][0-9]{0,9})\\.vol");

    private final Path dir;
    private final VolumeChannels channels;
    private final AtomicInteger lastNumber = new AtomicInteger();
    private final Map<Integer, VolumeState> states = new ConcurrentHashMap<>();

    VolumeDirectory(Path dir, VolumeChannels channels) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.channels = Objects.requireNonNull(channels, "channels");
        if (!Files.isDirectory(this.dir)) {
            Files.createDirectories(this.dir);
            forceDirectory(this.dir.getParent());
        }
    }

    Path path(int number) {
        return dir.resolve(number + ".vol");
    }

    /** Where compaction writes volume {@code number} before renaming it into place. */
    Path compactionPath(int number) {
        return dir.resolve(number + COMPACTION_SUFFIX);
    }

    /** A fresh volume number, above every volume present or created so far. */
    int reserveNumber() {
        return lastNumber.incrementAndGet();
    }

    /**
     * Deletes the files of compactions that never finished ({@code <n>.vol.compact}); only at start. Their volume
     * was never renamed into place, so the volume they copied from is still there and complete.
     */
    int removeCompactionLeftovers() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + COMPACTION_SUFFIX)) {
            for (Path f : files) {
                Files.delete(f);
                removed++;
            }
        }
        if (removed > 0) {
            forceDirectory(dir);
        }
        return removed;
    }

    /** Renames a finished compaction output into place as sealed volume {@code number}, durably. */
    void install(int number) throws IOException {
        Files.move(compactionPath(number), path(number), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        states.put(number, VolumeState.SEALED);
    }

    /** Deletes volume {@code number} durably and forgets it. */
    void delete(int number) throws IOException {
        Files.deleteIfExists(path(number));
        forceDirectory(dir);
        states.remove(number);
    }

    /** The numbers of the volume files present, ascending. Also makes new numbers start above them. */
    List<Integer> existing() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.vol")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        numbers.sort(null);
        numbers.forEach(n -> lastNumber.accumulateAndGet(n, Math::max));
        return numbers;
    }

    /** A new, empty, active volume whose directory entry is durable. */
    Created create() throws IOException {
        int number = lastNumber.incrementAndGet();
        FileChannel channel = channels.createForAppend(path(number));
        try {
            forceDirectory(dir);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        states.put(number, VolumeState.ACTIVE);
        return new Created(number, channel);
    }

    void setState(int number, VolumeState state) {
        states.put(number, state);
    }

    VolumeState state(int number) {
        return states.getOrDefault(number, VolumeState.SEALED);
    }

    Map<Integer, VolumeState> states() {
        return Map.copyOf(states);
    }

    /** Java documents no directory fsync; forcing a channel opened for reading works on Linux. */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
