package coffer.storage.blob.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * each volume. New volumes are created with their directory entry forced before any record is appended.
 * Thread-safe.
 */
final class VolumeDirectory {
    /** A newly created volume and the channel its records are appended through. */
    record Created(int number, FileChannel channel) {
    }

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
