package coffer.storage.internal.blob.s3;

import static coffer.storage.internal.blob.s3.S3BlobTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobStoreUnavailableException;
import coffer.storage.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The object store stopped and started again: writes and reads fail as "unavailable", nothing acked is lost. */
class S3BlobOutageTest {
    private static S3BlobTestSupport env;

    @BeforeAll
    static void start() {
        env = new S3BlobTestSupport("s3blob_outage");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static byte[] readAll(S3BlobEngine engine, StoredBlob blob) throws IOException {
        try (InputStream in = engine.read(blob, 0, blob.size() - 1)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anOutageFailsCallsAsUnavailableAndLosesNothingAcknowledged() throws IOException {
        S3BlobEngine engine = env.engine();
        Map<StoredBlob, byte[]> acked = new LinkedHashMap<>();
        for (int size : new int[] {1, 4096, 100_000, 400_000, 9 * 1024 * 1024}) {
            byte[] plain = randomBytes(size);
            acked.put(engine.write(new ByteArrayInputStream(plain), size), plain);
        }
        assertTrue(engine.reachable());

        env.proxy.stop();
        try {
            assertFalse(engine.reachable());
            for (int size : new int[] {4096, 400_000, 9 * 1024 * 1024}) {
                byte[] plain = randomBytes(size);
                assertThrows(BlobStoreUnavailableException.class,
                        () -> engine.write(new ByteArrayInputStream(plain), size), "write of " + size);
            }
            for (StoredBlob blob : acked.keySet()) {
                assertThrows(BlobStoreUnavailableException.class, () -> readAll(engine, blob), "read " + blob);
            }
        } finally {
            env.proxy.start();
        }

        assertTrue(engine.reachable());
        for (Map.Entry<StoredBlob, byte[]> e : acked.entrySet()) {
            assertArrayEquals(e.getValue(), readAll(engine, e.getKey()));
        }
        byte[] after = randomBytes(5000);
        assertArrayEquals(after, readAll(engine, engine.write(new ByteArrayInputStream(after), after.length)));
    }
}
