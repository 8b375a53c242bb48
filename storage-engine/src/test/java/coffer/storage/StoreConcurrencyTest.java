package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StoreConcurrencyTest {
    private static final StoreFixture F = new StoreFixture("store_concurrency");

    @Test
    void concurrentOverwritesOfOneKeyLeaveOneRowAndQueueEveryOtherBlob() throws Exception {
        AccountInfo a = F.store.accounts().create(NewAccount.named("hot")).account();
        Bucket bucket = F.store.createBucket(a.id(), "hot", "us-east-1");
        int threads = 8;
        int rounds = 6;
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    go.await();
                    for (int r = 0; r < rounds; r++) {
                        byte[] body = ("writer " + id + " round " + r).getBytes(StandardCharsets.UTF_8);
                        ObjectRecord rec = F.store.putObject(PutObject.of(bucket, "hot/key",
                                new ByteArrayInputStream(body), body.length).build());
                        written.add(rec.blob().id().value());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(threads * rounds, written.size());

        assertEquals(1L, Sql.count(F.db, "SELECT COUNT(*) FROM object WHERE bucket_id = ?", bucket.id()));
        String current = F.store.findObject(bucket, "hot/key").orElseThrow().blob().id().value();
        // Only this test's blobs: other tests in the class share the queue.
        List<String> queued = Sql.column(F.db, "SELECT blob_id FROM gc_queue").stream().map(v -> (String) v)
                .filter(written::contains).toList();
        Set<String> others = new HashSet<>(written);
        others.remove(current);
        assertEquals(others, new HashSet<>(queued), "every superseded blob is queued, the current one is not");
        assertEquals(threads * rounds - 1, queued.size(), "each exactly once");
        assertTrue(F.blobs.ids().containsAll(written), "no blob lost or freed early");
    }

    @Test
    void racingFirstWritesOfFreshKeysLoseNoBlob() throws Exception {
        AccountInfo a = F.store.accounts().create(NewAccount.named("fresh")).account();
        Bucket bucket = F.store.createBucket(a.id(), "fresh", "us-east-1");
        int threads = 6;
        int keys = 40;
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int k = 0; k < keys; k++) {
                    try {
                        // Every thread writes key k at the same moment: an insert race per key. A failed put is
                        // recorded and the thread keeps stepping, so the barrier never waits for a dead party.
                        step.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        ObjectRecord rec = F.store.putObject(PutObject.of(bucket, "fresh/" + k,
                                new ByteArrayInputStream(new byte[] {(byte) k}), 1).build());
                        written.add(rec.blob().id().value());
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(keys, Sql.count(F.db, "SELECT COUNT(*) FROM object WHERE bucket_id = ?", bucket.id()));
        Set<String> live = new HashSet<>();
        Sql.column(F.db, "SELECT blob_id FROM object WHERE bucket_id = ?", bucket.id())
                .forEach(v -> live.add((String) v));
        Set<String> queued = new HashSet<>();
        Sql.column(F.db, "SELECT blob_id FROM gc_queue").forEach(v -> queued.add((String) v));
        Set<String> superseded = new HashSet<>(written);
        superseded.removeAll(live);
        assertEquals((long) threads * keys - keys, superseded.size());
        assertTrue(queued.containsAll(superseded), "every superseded blob is queued");
    }
}
