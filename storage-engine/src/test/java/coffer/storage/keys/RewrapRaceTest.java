package coffer.storage.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.DeleteCondition;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.StoreException;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.BlobId;
import coffer.storage.internal.keys.KeyCatalog.Replacement;
import coffer.storage.internal.keys.KeyCatalog;
import coffer.storage.internal.keys.SealedColumn;
import coffer.storage.internal.keys.SealedRow;
import coffer.storage.testkit.KeyringStoreFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The re-wrap against concurrent writers: an optimistic check per row, so writers always win. Real MariaDB. */
class RewrapRaceTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final KeyringStoreFixture f = KeyringStoreFixture.create("rewrap_race_" + DATABASES.incrementAndGet());
    private final AccountInfo account = f.store.accounts().create(NewAccount.named("race-" + System.nanoTime()))
            .account();
    private final Bucket bucket = f.store.createBucket(account.id(), "race-" + System.nanoTime(), "us-east-1");

    @Test
    void aRowOverwrittenOrDeletedBetweenReadAndWriteIsLeftAsTheWriterLeftIt() throws Exception {
        f.put(bucket, "overwritten", new byte[] {1});
        f.put(bucket, "deleted", new byte[] {2});
        f.put(bucket, "untouched", new byte[] {3});
        f.keys.rotate();
        KeyCatalog catalog = new KeyCatalog(f.db);
        List<SealedRow> rows = catalog.notOnVersion(SealedColumn.OBJECT_DATA_KEY, 2, null, 100);
        assertEquals(3, rows.size());
        List<Replacement> replacements = new ArrayList<>();
        for (SealedRow row : rows) {
            byte[] context = new BlobId(row.context()).toBytes();
            replacements.add(new Replacement(row, f.keys.wrapDataKey(f.keys.unwrapDataKey(row.value(), context),
                    context)));
        }

        ObjectRecord newer = f.put(bucket, "overwritten", new byte[] {9, 9});
        f.store.deleteObject(bucket, "deleted", DeleteCondition.NONE);
        assertEquals(1, catalog.replace(SealedColumn.OBJECT_DATA_KEY, replacements), "only the untouched row");

        ObjectRecord now = f.store.findObject(bucket, "overwritten").orElseThrow();
        assertEquals(newer.blob(), now.blob(), "the overwrite's row, wrapped key included, is unchanged");
        assertArrayEquals(new byte[] {9, 9}, f.read(bucket, "overwritten"));
        assertTrue(f.store.findObject(bucket, "deleted").isEmpty(), "a replacement never resurrects a row");
        assertEquals(2, f.store.findObject(bucket, "untouched").orElseThrow().blob().keyVersion());
        assertArrayEquals(new byte[] {3}, f.read(bucket, "untouched"));
        assertEquals(Map.of(2, 2L), catalog.countByVersion().get(SealedColumn.OBJECT_DATA_KEY),
                "no object row is left on version 1");
    }

    @Test
    void writesDuringTheRewrapAreNeitherLostNorLeftBehind() throws Exception {
        int writers = 3;
        int keysPerWriter = 30;
        Map<String, byte[]> expected = new ConcurrentHashMap<>();
        for (int w = 0; w < writers; w++) {
            for (int k = 0; k < keysPerWriter; k++) {
                String key = w + "/" + k;
                byte[] data = f.randomBytes(1 + k);
                f.put(bucket, key, data);
                expected.put(key, data);
            }
        }
        KeyRotation rotation = new KeyRotation(f.db, f.keys, f.clock, 3);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            results.add(pool.submit(() -> write(writer, keysPerWriter, expected, stop)));
        }
        Thread.sleep(50);
        rotation.rotate();
        while (rotation.job().running()) {
            Thread.sleep(10);
        }
        stop.set(true);
        int operations = 0;
        for (Future<Integer> r : results) {
            operations += r.get();
        }
        pool.shutdown();
        assertTrue(operations > 0);
        // Copies made from a source the sweep had not reached yet may carry version 1 past it: one more run.
        rotation.rewrapNow();
        assertEquals(0, KeyRotationTest.usage(rotation.status(), 1).total());
        rotation.destroy(1);

        KeyringStoreFixture restarted = f.restart();
        for (int w = 0; w < writers; w++) {
            for (int k = 0; k < keysPerWriter; k++) {
                String key = w + "/" + k;
                byte[] want = expected.get(key);
                Optional<ObjectRecord> row = restarted.store.findObject(bucket, key);
                if (want == null) {
                    assertFalse(row.isPresent(), key);
                } else {
                    assertArrayEquals(want, restarted.read(bucket, key), key);
                }
            }
        }
        rotation.close();
    }

    /**
     * CopyObject as the S3 handler does it: a re-wrap of the source between its read and the copy's commit is a
     * change of the source row (SOURCE_CHANGED), and the copy is retried on the row as it is now.
     */
    private boolean copy(String source, String key) {
        for (int attempt = 1; ; attempt++) {
            Optional<ObjectRecord> src = f.store.findObject(bucket, source);
            if (src.isEmpty()) {
                return false;
            }
            try {
                f.store.copyObject(CopyObject.of(src.get(), bucket, key).metadata(ObjectMetadata.EMPTY).build());
                return true;
            } catch (StoreException e) {
                if (e.reason() != StoreException.Reason.SOURCE_CHANGED || attempt == 10) {
                    throw e;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Overwrites, deletes, re-creates and copies the writer's own keys until told to stop; returns the count. */
    private int write(int writer, int keys, Map<String, byte[]> expected, AtomicBoolean stop) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int done = 0;
        while (!stop.get() || done < 20) {
            String key = writer + "/" + random.nextInt(keys);
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] data = f.randomBytes(1 + random.nextInt(200));
                    f.put(bucket, key, data);
                    expected.put(key, data);
                }
                case 1 -> {
                    f.store.deleteObject(bucket, key, DeleteCondition.NONE);
                    expected.remove(key);
                }
                default -> {
                    String source = writer + "/" + random.nextInt(keys);
                    if (!source.equals(key) && copy(source, key)) {
                        expected.put(key, expected.get(source));
                    }
                }
            }
            done++;
        }
        return done;
    }
}
