package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.readRange;
import static coffer.storage.internal.blob.BlobTestSupport.regularFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlobEngine#UNKNOWN_LENGTH}: the engine reads to EOF and reports the size it found. */
class LocalBlobEngineUnknownLengthTest {
    @TempDir
    Path dir;

    private LocalBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        SecureRandom random = new SecureRandom();
        engine = new LocalBlobEngine(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random),
                random);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 2 * 65536, 3 * 65536 + 7})
    void sizeIsFoundAtEofAndTheBlobReadsBack(int size) throws Exception {
        byte[] plain = randomBytes(size);
        // Deliver in small pieces so that segment boundaries never line up with reads.
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(plain)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }
        };

        StoredBlob blob = engine.write(trickle, BlobEngine.UNKNOWN_LENGTH);

        assertEquals(size, blob.size());
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(plain), blob.md5());
        assertEquals(BlobFormat.fileLength(size), Files.size(engine.pathOf(blob.id())),
                "same layout as a blob written with its length known");
        assertArrayEquals(plain, readRange(engine, blob, 0, size - 1));
    }

    @Test
    void aStreamThatFailsLeavesNothingBehind() throws IOException {
        IOException failure = new IOException("client went away");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(randomBytes(100_000)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw failure;
                    }
                });

        assertSame(failure, assertThrows(IOException.class, () -> engine.write(failing, BlobEngine.UNKNOWN_LENGTH)));
        assertTrue(regularFiles(dir.resolve("blobs")).isEmpty());
    }

    @Test
    void otherNegativeLengthsAreStillRefused() {
        assertThrows(IllegalArgumentException.class, () -> engine.write(InputStream.nullInputStream(), -2));
    }
}
