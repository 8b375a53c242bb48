package coffer.storage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Shared helpers: benchmark directories on the real disk (under {@code coffer.bench.dir}, default
 * {@code target/bench-data}; never a tmpfs, or force would be free), and cheap plaintext streams.
 */
final class BenchFiles {
    static final int BLOCK = 1 << 20;

    private BenchFiles() {
    }

    static Path newDirectory(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("coffer.bench.dir", "target/bench-data")).toAbsolutePath();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One MiB of random bytes, the same for every benchmark of a run, so all write the same content. */
    static byte[] randomBlock() {
        byte[] block = new byte[BLOCK];
        new SplittableRandom(20250101).nextBytes(block);
        return block;
    }

    /** {@code length} bytes: {@code block} repeated. Costs a memcpy per byte, like reading a socket buffer. */
    static InputStream repeating(byte[] block, long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? block[(int) (position++ % block.length)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return len == 0 ? 0 : -1;
                }
                int at = (int) (position % block.length);
                int n = (int) Math.min(Math.min(len, block.length - at), length - position);
                System.arraycopy(block, at, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
