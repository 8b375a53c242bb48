package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads across part blobs, by {@code read} and by {@code transferTo}, give the same bytes. */
class ManifestInputStreamTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    private record Parts(LocalBlobEngine engine, List<StoredBlob> blobs, byte[] whole) {
    }

    private Parts parts() throws IOException {
        LocalBlobEngine engine = new LocalBlobEngine(dir.resolve("blobs"),
                MasterKeyring.openOrCreate(dir.resolve("keys"), random), random);
        int[] sizes = {100_000, 0, 65_536, 7};
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        List<StoredBlob> blobs = new ArrayList<>();
        Random data = new Random(5);
        for (int i = 0; i < sizes.length; i++) {
            byte[] part = new byte[sizes[i]];
            data.nextBytes(part);
            whole.write(part, 0, part.length);
            blobs.add(engine.write(new ByteArrayInputStream(part), part.length, i + 1));
        }
        return new Parts(engine, blobs, whole.toByteArray());
    }

    @ParameterizedTest
    @CsvSource({"0,165542", "99999,100000", "100000,165535", "5,165540", "165536,165542"})
    void transferToAndReadAgree(long first, long last) throws IOException {
        Parts p = parts();
        byte[] expected = Arrays.copyOfRange(p.whole(), (int) first, (int) last + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ManifestInputStream(p.engine(), p.blobs(), first, last)) {
            assertEquals(expected.length, in.transferTo(out));
            assertEquals(-1, in.read());
        }
        assertArrayEquals(expected, out.toByteArray());
        try (InputStream in = new ManifestInputStream(p.engine(), p.blobs(), first, last)) {
            assertArrayEquals(expected, in.readAllBytes());
        }
    }

    @Test
    void transferToAfterSomeReads() throws IOException {
        Parts p = parts();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ManifestInputStream(p.engine(), p.blobs(), 0, p.whole().length - 1)) {
            out.write(in.readNBytes(123_456));
            in.transferTo(out);
        }
        assertArrayEquals(p.whole(), out.toByteArray());
    }
}
