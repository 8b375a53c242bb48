package coffer.storage.internal.blob.s3;

import static coffer.storage.internal.blob.s3.S3BlobTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The S3 blob backend against s3proxy in its own process, with a real MariaDB catalog for the pack index. */
class S3BlobEngineTest {
    private static S3BlobTestSupport env;

    @BeforeAll
    static void start() {
        env = new S3BlobTestSupport("s3blob_engine");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static StoredBlob write(BlobEngine engine, byte[] plain) throws IOException {
        return engine.write(new ByteArrayInputStream(plain), plain.length);
    }

    private static byte[] read(BlobEngine engine, StoredBlob blob, long first, long last, CustomerKey key)
            throws IOException {
        try (InputStream in = engine.read(blob, first, last, key)) {
            return in.readAllBytes();
        }
    }

    private static byte[] readAll(BlobEngine engine, StoredBlob blob) throws IOException {
        return read(engine, blob, 0, blob.size() - 1, null);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65536, 128 * 1024, 128 * 1024 + 1, 5 * 1024 * 1024 + 3, 20 * 1024 * 1024})
    void writesAndReadsBackByteExact(int size) throws IOException {
        S3BlobEngine engine = env.engine();
        byte[] plain = randomBytes(size);
        StoredBlob blob = write(engine, plain);
        assertEquals(size, blob.size());
        if (size == 0) {
            assertEquals(0, read(engine, blob, 0, -1, null).length);
        } else {
            assertArrayEquals(plain, readAll(engine, blob));
        }
        assertTrue(engine.exists(blob.id()));
        assertEquals(BlobCheck.OK, engine.checkStored(blob.id(), size));
    }

    @Test
    void unknownLengthsAreStoredAsObjects() throws IOException {
        S3BlobEngine engine = env.engine();
        for (int size : new int[] {0, 65536, 200_000}) {
            byte[] plain = randomBytes(size);
            StoredBlob blob = engine.write(new ByteArrayInputStream(plain), BlobEngine.UNKNOWN_LENGTH);
            assertEquals(size, blob.size());
            if (size > 0) {
                assertArrayEquals(plain, readAll(engine, blob));
            }
        }
    }

    @Test
    void rangesOfLargeAndPackedBlobsAreExact() throws IOException {
        S3BlobEngine engine = env.engine();
        byte[] large = randomBytes(20 * 1024 * 1024 + 5);
        byte[] small = randomBytes(100_000);
        StoredBlob l = write(engine, large);
        StoredBlob s = write(engine, small);
        long[][] ranges = {{0, 0}, {0, 65535}, {65535, 65536}, {1_000_000, 1_000_099}, {9_000_000, 17_000_000},
                {large.length - 10, large.length - 1}};
        for (long[] r : ranges) {
            assertArrayEquals(Arrays.copyOfRange(large, (int) r[0], (int) r[1] + 1), read(engine, l, r[0], r[1], null),
                    "range " + r[0] + "-" + r[1]);
        }
        assertArrayEquals(Arrays.copyOfRange(small, 70_000, 70_010), read(engine, s, 70_000, 70_009, null));
    }

    @Test
    void aRangeReadFetchesOnlyTheHeaderAndTheSegmentsItNeeds() throws IOException {
        S3BlobEngine engine = env.engine();
        byte[] large = randomBytes(20 * 1024 * 1024);
        StoredBlob l = write(engine, large);
        long before = engine.rangedBytesRequested();
        assertArrayEquals(Arrays.copyOfRange(large, 10_000_000, 10_000_100),
                read(engine, l, 10_000_000, 10_000_099, null));
        long asked = engine.rangedBytesRequested() - before;
        // The header (62 bytes) and the one segment holding the range (64 KiB + 16), out of 20 MiB.
        assertEquals(62 + 65536 + 16, asked);

        byte[] small = randomBytes(3000);
        StoredBlob s = write(engine, small);
        before = engine.rangedBytesRequested();
        assertArrayEquals(Arrays.copyOfRange(small, 10, 20), read(engine, s, 10, 19, null));
        // One GET of its record in the pack: the record header (36), the blob header (62), 3000 bytes and a tag.
        assertEquals(36 + 62 + 3000 + 16, engine.rangedBytesRequested() - before);
    }

    @Test
    void customerKeyBlobsNeedTheirKey() throws IOException {
        S3BlobEngine engine = env.engine();
        CustomerKey key = new CustomerKey(randomBytes(CustomerKey.LENGTH));
        CustomerKey other = new CustomerKey(randomBytes(CustomerKey.LENGTH));
        for (int size : new int[] {1000, 6 * 1024 * 1024}) {
            byte[] plain = randomBytes(size);
            StoredBlob blob = engine.write(new ByteArrayInputStream(plain), size, 0, key);
            assertArrayEquals(plain, read(engine, blob, 0, size - 1, key));
            assertArrayEquals(Arrays.copyOfRange(plain, 500, 900), read(engine, blob, 500, 899, key));
            assertThrows(CustomerKeyException.class, () -> read(engine, blob, 0, size - 1, other));
            assertThrows(CustomerKeyException.class, () -> read(engine, blob, 0, size - 1, null));
        }
    }

    @Test
    void concurrentSmallWritesShareOnePackObject() throws Exception {
        S3BlobEngine engine = env.engine();
        int writers = 48;
        CyclicBarrier together = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<StoredBlob>> done = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        long packsBefore = engine.packsWritten();
        try {
            for (int i = 0; i < writers; i++) {
                byte[] body = randomBytes(4096);
                bodies.add(body);
                done.add(pool.submit(() -> {
                    together.await();
                    return write(engine, body);
                }));
            }
            for (int i = 0; i < writers; i++) {
                assertArrayEquals(bodies.get(i), readAll(engine, done.get(i).get()));
            }
        } finally {
            pool.shutdownNow();
        }
        long packs = engine.packsWritten() - packsBefore;
        assertTrue(packs < writers, writers + " writes took " + packs + " pack objects");
        assertTrue(maxBlobsInOnePack() >= 2, "no pack holds several blobs");
    }

    private static int maxBlobsInOnePack() throws SQLException {
        try (Connection c = env.db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(live_blobs) FROM blob_pack")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theStoreHoldsNoPlaintextAndNoKeyMaterial() throws IOException {
        S3BlobEngine engine = env.engine();
        byte[] marker = "COFFER-PLAINTEXT-MARKER-0123456789".getBytes();
        byte[] small = repeat(marker, 2000);
        byte[] large = repeat(marker, 300_000);
        List<StoredBlob> blobs = List.of(write(engine, small), write(engine, large));
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(marker);
        try (Stream<Path> keyFiles = Files.list(env.keyDir)) {
            for (Path p : keyFiles.filter(p -> p.getFileName().toString().endsWith(".key")).toList()) {
                secrets.add(Files.readAllBytes(p));
            }
        }
        for (StoredBlob b : blobs) {
            secrets.add(b.wrappedKey());
        }
        assertTrue(secrets.size() >= 4);
        for (Path file : env.storedFiles()) {
            byte[] content = Files.readAllBytes(file);
            for (byte[] secret : secrets) {
                assertFalse(contains(content, Arrays.copyOf(secret, Math.min(secret.length, 32))),
                        file + " holds plaintext or key material");
            }
        }
    }

    @Test
    void deletedPackedBlobsAreCompactedAway() throws Exception {
        S3BlobEngine engine = env.engine();
        int n = 24;
        CyclicBarrier together = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<StoredBlob>> futures = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                byte[] body = randomBytes(20_000);
                bodies.add(body);
                futures.add(pool.submit(() -> {
                    together.await();
                    return write(engine, body);
                }));
            }
            List<StoredBlob> blobs = new ArrayList<>();
            for (Future<StoredBlob> f : futures) {
                blobs.add(f.get());
            }
            for (int i = 0; i < n; i++) {
                if (i % 4 != 0) {
                    engine.delete(blobs.get(i).id());
                    assertFalse(engine.exists(blobs.get(i).id()));
                }
            }
            engine.compact();
            engine.compact();
            for (int i = 0; i < n; i += 4) {
                assertArrayEquals(bodies.get(i), readAll(engine, blobs.get(i)));
            }
            Set<BlobId> listed;
            try (Stream<BlobEntry> entries = engine.list()) {
                listed = entries.map(BlobEntry::id).collect(Collectors.toSet());
            }
            for (int i = 0; i < n; i++) {
                assertEquals(i % 4 == 0, listed.contains(blobs.get(i).id()), "blob " + i);
            }
            // Every pack left is at least half live: the mostly dead ones were rewritten or deleted.
            try (Connection c = env.db.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM blob_pack WHERE live_bytes < total_bytes / 2")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingALargeBlobRemovesItsObject() throws IOException {
        S3BlobEngine engine = env.engine();
        StoredBlob blob = write(engine, randomBytes(300_000));
        assertTrue(engine.exists(blob.id()));
        engine.delete(blob.id());
        assertFalse(engine.exists(blob.id()));
        assertEquals(BlobCheck.Status.MISSING, engine.checkStored(blob.id(), blob.size()).status());
        engine.delete(blob.id()); // a missing blob is not an error
    }

    private static byte[] repeat(byte[] unit, int times) {
        byte[] out = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, out, i * unit.length, unit.length);
        }
        return out;
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
