package coffer.storage.internal.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers shared by the blob engine tests (the volume engine's too). */
public final class BlobTestSupport {
    private BlobTestSupport() {
    }

    public static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        new Random(31L * length + 7).nextBytes(b);
        return b;
    }

    public static StoredBlob write(BlobEngine engine, byte[] plain) throws IOException {
        return engine.write(new ByteArrayInputStream(plain), plain.length);
    }

    public static byte[] readRange(BlobEngine engine, StoredBlob blob, long first, long last) throws IOException {
        try (InputStream in = engine.read(blob, first, last)) {
            return in.readAllBytes();
        }
    }

    /**
     * Reading the whole blob must fail with {@link BlobCorruptedException}, either when the stream is opened or
     * while it is read, and every byte handed out before that must be the true plaintext.
     */
    static void assertCorrupted(BlobEngine engine, StoredBlob blob, byte[] plain) {
        assertThrows(BlobCorruptedException.class, () -> {
            try (InputStream in = engine.read(blob, 0, Math.max(0, blob.size() - 1))) {
                byte[] buf = new byte[10_000];
                int offset = 0;
                for (int n; (n = in.read(buf)) > 0; offset += n) {
                    assertArrayEquals(Arrays.copyOfRange(plain, offset, offset + n), Arrays.copyOf(buf, n),
                            "returned wrong data at " + offset);
                }
                fail("read the whole blob without noticing the damage");
            }
        });
    }

    static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }
}
