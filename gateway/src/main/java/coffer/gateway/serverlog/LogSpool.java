package coffer.gateway.serverlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's local spool of server access log records (docs/access-logging.md): one directory per
 * {@link Destination}, in it one open segment ({@code open-<first record ms>-<random>.log}) that requests append
 * their lines to, and the closed segments waiting for delivery ({@code closed-<first ms>-<close ms>-<unique>.log};
 * the unique string and the close time name the log object, so a delivery repeated after a crash writes the same
 * key). A line is written with one {@code write} call before the request's last byte is answered, so it survives
 * the process being killed; {@link #force} makes it survive the machine too, once a tick. A segment is closed
 * (forced, renamed, directory forced) when it is older than the flush interval, has had no new line for the quiet
 * interval, or is larger than {@value #MAX_SEGMENT_BYTES} bytes. Thread-safe.
 */
final class LogSpool {
    static final long MAX_SEGMENT_BYTES = 8L * 1024 * 1024;
    static final String DESTINATION_FILE = "destination.properties";
    private static final String OPEN = "open-";
    static final String CLOSED = "closed-";

    private final Path root;
    private final SecureRandom random;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();

    /** The spool under {@code root}; segments a previous run left open are closed first. */
    LogSpool(Path root, SecureRandom random) throws IOException {
        this.root = root;
        this.random = random;
        Files.createDirectories(root);
        for (Path group : groups()) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(group, OPEN + "*")) {
                for (Path open : files) {
                    close(group, open, parseMillis(open.getFileName().toString(), OPEN.length()),
                            System.currentTimeMillis());
                }
            }
        }
    }

    /** Appends one line for {@code destination}; it reaches the file before this returns. */
    void append(Destination destination, String line, long nowMillis) throws IOException {
        Writer writer = writers.computeIfAbsent(destination.id(), id -> new Writer(root.resolve(id), destination));
        writer.append(line.getBytes(StandardCharsets.UTF_8), nowMillis);
    }

    /**
     * Forces the lines written since the last call; closes the segments opened {@code maxAgeMillis} ago or without
     * a new line for {@code quietMillis}.
     */
    void tick(long nowMillis, long maxAgeMillis, long quietMillis) throws IOException {
        for (Writer w : writers.values()) {
            w.tick(nowMillis, maxAgeMillis, quietMillis);
        }
    }

    /** The destination directories, each with its {@value #DESTINATION_FILE}. */
    List<Path> groups() throws IOException {
        List<Path> groups = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                if (Files.exists(d.resolve(DESTINATION_FILE))) {
                    groups.add(d);
                }
            }
        }
        return groups;
    }

    /** The closed segments of {@code group}, oldest first. */
    static List<Path> closedSegments(Path group) throws IOException {
        List<Path> closed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(group, CLOSED + "*")) {
            files.forEach(closed::add);
        }
        closed.sort(null);
        return closed;
    }

    static long parseMillis(String name, int from) {
        int end = name.indexOf('-', from);
        return Long.parseLong(name.substring(from, end));
    }

    /** Renames {@code open} to its closed name, then forces the directory; an empty segment is deleted. */
    private void close(Path group, Path open, long openedMillis, long nowMillis) throws IOException {
        if (Files.size(open) == 0) {
            Files.delete(open);
            return;
        }
        byte[] unique = new byte[8];
        random.nextBytes(unique);
        String name = CLOSED + String.format("%013d", openedMillis) + "-" + nowMillis + "-"
                + HexFormat.of().withUpperCase().formatHex(unique) + ".log";
        Files.move(open, group.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(group);
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** One destination's open segment. */
    private final class Writer {
        private final Path dir;
        private final Destination destination;
        private boolean prepared;
        private FileChannel channel;
        private Path file;
        private long openedMillis;
        private long lastMillis;
        private long bytes;
        private boolean dirty;

        Writer(Path dir, Destination destination) {
            this.dir = dir;
            this.destination = destination;
        }

        synchronized void append(byte[] line, long nowMillis) throws IOException {
            if (channel == null) {
                open(nowMillis);
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            bytes += line.length;
            lastMillis = nowMillis;
            dirty = true;
            if (bytes >= MAX_SEGMENT_BYTES) {
                closeSegment(nowMillis);
            }
        }

        synchronized void tick(long nowMillis, long maxAgeMillis, long quietMillis) throws IOException {
            if (channel == null) {
                return;
            }
            if (nowMillis - openedMillis >= maxAgeMillis || nowMillis - lastMillis >= quietMillis) {
                closeSegment(nowMillis);
            } else if (dirty) {
                channel.force(false);
                dirty = false;
            }
        }

        private void open(long nowMillis) throws IOException {
            if (!prepared) {
                Files.createDirectories(dir);
                Path dest = dir.resolve(DESTINATION_FILE);
                if (!Files.exists(dest)) {
                    Path tmp = dir.resolve(DESTINATION_FILE + ".tmp");
                    try (java.io.Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        destination.store(out);
                    }
                    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                        c.force(true);
                    }
                    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    forceDirectory(dir);
                }
                prepared = true;
            }
            byte[] r = new byte[4];
            random.nextBytes(r);
            file = dir.resolve(OPEN + String.format("%013d", nowMillis) + "-" + HexFormat.of().formatHex(r) + ".log");
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            forceDirectory(dir);
            openedMillis = nowMillis;
            bytes = 0;
        }

        private void closeSegment(long nowMillis) throws IOException {
            try {
                channel.force(false);
                channel.close();
            } finally {
                channel = null;
                dirty = false;
            }
            close(dir, file, openedMillis, nowMillis);
        }
    }

    /** Closes every open segment (at stop, so that the next start delivers them at once). */
    void closeAll(long nowMillis) {
        for (Writer w : writers.values()) {
            try {
                w.tick(nowMillis, 0, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
