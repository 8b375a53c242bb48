package coffer.storage.internal.blob;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.regularFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobEngineWriteFailureTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private LocalBlobEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        engine = new LocalBlobEngine(dir.resolve("blobs"), MasterKeyring.openOrCreate(dir.resolve("keys"), random),
                random);
    }

    private void assertNoBlobFiles() throws IOException {
        assertEquals(0, regularFiles(dir.resolve("blobs")).size());
    }

    @Test
    void bodyShorterThanDeclaredFails() throws IOException {
        BodyLengthMismatchException e = assertThrows(BodyLengthMismatchException.class,
                () -> engine.write(new ByteArrayInputStream(randomBytes(70_000)), 70_001));

        assertTrue(e.tooShort());
        assertEquals(70_001, e.expected());
        assertNoBlobFiles();
    }

    @Test
    void bodyLongerThanDeclaredFails() throws IOException {
        BodyLengthMismatchException e = assertThrows(BodyLengthMismatchException.class,
                () -> engine.write(new ByteArrayInputStream(randomBytes(65_537)), 65_536));

        assertFalse(e.tooShort());
        assertNoBlobFiles();
        assertThrows(BodyLengthMismatchException.class,
                () -> engine.write(new ByteArrayInputStream(new byte[1]), 0));
        assertNoBlobFiles();
    }

    @Test
    void anErrorRaisedAtEndOfStreamPropagates() throws IOException {
        IOException digestError = new IOException("Content-MD5 does not match");
        InputStream verifying = new FilterInputStream(new ByteArrayInputStream(randomBytes(1000))) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b == -1) {
                    throw digestError;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n == -1) {
                    throw digestError;
                }
                return n;
            }
        };

        assertSame(digestError, assertThrows(IOException.class, () -> engine.write(verifying, 1000)));
        assertNoBlobFiles();
    }

    @Test
    void aRuntimeExceptionFromTheStreamPropagatesUnchangedAndLeavesNoFile() throws IOException {
        IllegalStateException boom = new IllegalStateException("client went away");
        InputStream failing = new InputStream() {
            private int produced;

            @Override
            public int read() {
                throw boom;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (produced > 150_000) {
                    throw boom;
                }
                produced += len;
                return len;
            }
        };

        assertSame(boom, assertThrows(IllegalStateException.class, () -> engine.write(failing, 1_000_000)));
        assertNoBlobFiles();
    }

    @Test
    void noPlaintextReachesTheDisk() throws IOException {
        byte[] marker = "COFFER-PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] plain = new byte[marker.length * 10_000];
        for (int i = 0; i < plain.length; i += marker.length) {
            System.arraycopy(marker, 0, plain, i, marker.length);
        }
        engine.write(new ByteArrayInputStream(plain), plain.length);
        engine.write(new ByteArrayInputStream(marker), marker.length);

        byte[] needle = "PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);
        for (Path file : regularFiles(dir)) {
            assertFalse(contains(Files.readAllBytes(file), needle), "plaintext found in " + file);
        }
        assertEquals(4, regularFiles(dir).size(), "two blobs, one master key and the key manifest");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
